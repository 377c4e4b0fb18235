package dev.capstan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Celery app ({@code tasks}) the services tests deploy: on the broker in BROKER_URL, with a
 * task {@code slow(seconds)} and a task {@code which()}, each saying which release ran it. It is
 * {@code services-app/tasks.py} in the test resources.
 */
public final class CeleryTasks {

  private CeleryTasks() {}

  /** The text of {@code tasks.py}. */
  public static String source() {
    try (InputStream in = CeleryTasks.class.getResourceAsStream("/services-app/tasks.py")) {
      if (in == null) {
        throw new IllegalStateException("no services-app/tasks.py in the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
