package dev.capstan.release;

import dev.capstan.host.ExecResult;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.Shell;
import java.time.Duration;

/**
 * Runs recipe steps in a release folder on one host with the environment every command is
 * promised: {@code CAPSTAN_ENVIRONMENT}, {@code CAPSTAN_HOST}, {@code CAPSTAN_COMMIT} (read from
 * the release's {@code REVISION}), {@code CAPSTAN_RELEASE_DIR} and {@code CAPSTAN_DEPLOY_PATH}.
 */
final class StepRunner {

  private static final int STDERR_TAIL_LINES = 15;

  private final RemoteHost host;
  private final ReleaseLayout layout;
  private final String environment;

  StepRunner(RemoteHost host, ReleaseLayout layout, String environment) {
    this.host = host;
    this.layout = layout;
    this.environment = environment;
  }

  void run(String release, Step step, Duration timeout)
      throws StepFailedException, HostException {
    ExecResult result = host.exec(script(release, step.command()), timeout);
    if (!result.succeeded()) {
      throw new StepFailedException(host.name(), step.name(), failure(result));
    }
  }

  /** The script that runs {@code command} in {@code release} with Capstan's variables set. */
  String script(String release, String command) {
    String dir = layout.release(release);
    return "cd " + Shell.quote(dir) + " || exit 97\n"
        + "export CAPSTAN_ENVIRONMENT=" + Shell.quote(environment)
        + " CAPSTAN_HOST=" + Shell.quote(host.name())
        + " CAPSTAN_RELEASE_DIR=" + Shell.quote(dir)
        + " CAPSTAN_DEPLOY_PATH=" + Shell.quote(layout.deployPath())
        + " PIP_CACHE_DIR=" + Shell.quote(layout.pipCacheDir()) + "\n"
        + "CAPSTAN_COMMIT=$(cat REVISION 2>/dev/null); export CAPSTAN_COMMIT\n"
        + command;
  }

  static String failure(ExecResult result) {
    String tail = result.stderrTail(STDERR_TAIL_LINES);
    if (tail.isBlank()) {
      tail = result.stdoutTail(STDERR_TAIL_LINES);
    }
    return "exit status " + result.exitStatus() + (tail.isBlank() ? "" : "\n" + tail);
  }
}
