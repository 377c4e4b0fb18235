package dev.capstan.e2e;

import dev.capstan.testing.CeleryTasks;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.SshdHost;
import dev.capstan.testing.SupervisordTeardown;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the services tests do on their sshd hosts from the outside: run the deploy path's own
 * supervisorctl inside a host's mount namespace (where its deploy path is), shut that supervisord
 * down at the end (it outlives the SSH session that started it), and the tiny apps they deploy.
 */
final class ServiceHosts {

  private ServiceHosts() {}

  /** What a command printed (stdout and stderr together) and its exit status. */
  record Output(int exitCode, String text) {}

  /** {@code supervisorctl -c <deployPath>/.capstan/supervisor/supervisord.conf ARGS} on a host. */
  static Output supervisorctl(SshdHost host, String deployPath, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of("supervisorctl", "-c", deployPath + "/.capstan/supervisor/supervisord.conf"));
    command.addAll(List.of(args));
    return inHost(host, command);
  }

  /** Runs {@code command} in the host's mount namespace (that of its sshd). */
  static Output inHost(SshdHost host, List<String> command) {
    List<String> full =
        new ArrayList<>(List.of("nsenter", "-t", String.valueOf(host.pid()), "-m", "--"));
    full.addAll(command);
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish: " + full);
      }
      return new Output(process.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Stops the supervisord of {@code deployPath} on the host and all it runs, if it is up. */
  static void shutdown(SshdHost host, String deployPath) throws Exception {
    Output pid = supervisorctl(host, deployPath, "pid");
    String text = pid.text().strip();
    long supervisord = pid.exitCode() == 0 && text.matches("[0-9]+") ? Long.parseLong(text) : 0;
    SupervisordTeardown.stop(
        supervisord,
        () -> {
          supervisorctl(host, deployPath, "shutdown");
          Eventually.await(
              Duration.ofSeconds(60),
              "the supervisord of " + deployPath + " is gone",
              () -> supervisorctl(host, deployPath, "pid").exitCode() != 0);
        },
        List.of());
  }

  /** A WSGI app ({@code wsgi:app}) answering with the release it runs and its code's version. */
  static String wsgi(String version) {
    return String.join(
        "\n",
        "import os",
        "VERSION = '" + version + "'",
        "def app(environ, start_response):",
        "    body = ('release=%s version=%s' % (os.environ.get('CAPSTAN_RELEASE'),"
            + " VERSION)).encode()",
        "    start_response('200 OK', [('Content-Type', 'text/plain'),"
            + " ('Content-Length', str(len(body)))])",
        "    return [body]",
        "");
  }

  /** A Celery app ({@code tasks}) on the broker in BROKER_URL, with a slow task. */
  static final String TASKS = CeleryTasks.source();

  /** Sends, watches and reads tasks of {@link #TASKS}: {@code python3 client.py submit slow 15}. */
  static final String CLIENT =
      String.join(
          "\n",
          "import sys",
          "from tasks import app",
          "command = sys.argv[1]",
          "if command == 'submit':",
          "    print(app.send_task('tasks.' + sys.argv[2], args=sys.argv[3:]).id)",
          "elif command == 'state':",
          "    print(app.AsyncResult(sys.argv[2]).state)",
          "elif command == 'get':",
          "    print(app.AsyncResult(sys.argv[2]).get(timeout=60))",
          "");
}
