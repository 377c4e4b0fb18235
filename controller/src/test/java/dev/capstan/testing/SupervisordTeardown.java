package dev.capstan.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Test teardown for a deploy path's supervisord, which outlives the test that started it (itself or
 * through the code under test): stop it, wait until it and what it ran are gone, and kill what is
 * still running after that.
 */
public final class SupervisordTeardown {

  /** How a test asks the supervisord to stop: its driver's shutdown, supervisorctl, a signal. */
  @FunctionalInterface
  public interface Stop {
    void run() throws Exception;
  }

  private SupervisordTeardown() {}

  /** The pid a supervisord wrote to {@code pidFile}, or 0 when there is no such file. */
  public static long pid(Path pidFile) throws java.io.IOException {
    return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : 0;
  }

  /**
   * Runs {@code stop}, then waits up to 60 s for the supervisord {@code supervisord} (0: none) and
   * up to 10 s for each process it ran when this was called and each of {@code alsoSeen} (service
   * processes the test saw, which may have left it), killing each that is still running.
   */
  public static void stop(long supervisord, Stop stop, Collection<Long> alsoSeen) throws Exception {
    List<ProcessHandle> children =
        supervisord > 0
            ? ProcessHandle.of(supervisord).stream().flatMap(ProcessHandle::descendants).toList()
            : List.of();
    try {
      stop.run();
    } finally {
      if (supervisord > 0 && !Processes.awaitGone(supervisord, Duration.ofSeconds(60))) {
        ProcessHandle.of(supervisord).ifPresent(ProcessHandle::destroyForcibly);
      }
      for (ProcessHandle child : children) {
        if (!Processes.awaitGone(child.pid(), Duration.ofSeconds(10))) {
          child.destroyForcibly();
        }
      }
      for (long pid : List.copyOf(alsoSeen)) {
        if (!Processes.awaitGone(pid, Duration.ofSeconds(10))) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }
}
