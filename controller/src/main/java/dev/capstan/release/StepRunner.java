package dev.capstan.release;

import dev.capstan.host.ExecResult;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.Shell;
import java.io.InputStream;
import java.time.Duration;

/**
 * Runs recipe steps in a release folder on one host with the environment every command is
 * promised: {@code CAPSTAN_ENVIRONMENT}, {@code CAPSTAN_HOST}, {@code CAPSTAN_COMMIT} (read from
 * the release's {@code REVISION}), {@code CAPSTAN_RELEASE_DIR} and {@code CAPSTAN_DEPLOY_PATH}.
 * A phase's steps go as one {@link StepScript}: one round trip per phase.
 */
final class StepRunner {

  private final RemoteHost host;
  private final ReleaseLayout layout;
  private final String environment;

  StepRunner(RemoteHost host, ReleaseLayout layout, String environment) {
    this.host = host;
    this.layout = layout;
    this.environment = environment;
  }

  /** A script whose recipe steps will run in {@code release}; add steps, then {@link #run}. */
  StepScript inRelease(String release) {
    return new StepScript().enter(header(release));
  }

  /** A script whose recipe steps will run in the live release, whichever {@code current} names. */
  StepScript inCurrent() {
    String current = layout.deployPath() + "/current";
    return new StepScript().enter(
        "cd " + Shell.quote(current) + " || { echo 'capstan-failed 97 enter release'; exit 97; }\n"
            + "CAPSTAN_RELEASE_DIR=$(pwd -P)\n" + exports("\"$CAPSTAN_RELEASE_DIR\""));
  }

  /** A script that first runs {@code outside} (which creates or switches to the release). */
  StepScript after(String name, String outside, String release) {
    return new StepScript().outside(name, outside).enter(header(release));
  }

  /** Runs the script; the first failing step is thrown, named, with the tail of its output. */
  ExecResult run(StepScript script, InputStream stdin, Duration timeout)
      throws StepFailedException, HostException {
    ExecResult result = host.exec(script.script(), stdin, timeout);
    return succeeded(script, result);
  }

  /** As {@link #run}, after {@code prefix} (which may stop the command with its own status). */
  ExecResult runAfter(String prefix, StepScript script, InputStream stdin, Duration timeout)
      throws HostException {
    return host.exec(prefix + script.script(), stdin, timeout);
  }

  /** The result when the script succeeded; else its first failing step, thrown. */
  ExecResult succeeded(StepScript script, ExecResult result) throws StepFailedException {
    if (!result.succeeded()) {
      throw script.failure(host.name(), result);
    }
    return result;
  }

  ExecResult run(StepScript script, Duration timeout) throws StepFailedException, HostException {
    return run(script, null, timeout);
  }

  /** Enters the release and sets Capstan's variables. */
  private String header(String release) {
    String dir = layout.release(release);
    return "cd " + Shell.quote(dir) + " || { echo 'capstan-failed 97 enter release'; exit 97; }\n"
        + exports(Shell.quote(dir));
  }

  /** Capstan's variables, for a release folder given as shell text (quoted or a variable). */
  private String exports(String releaseDirWord) {
    return "export CAPSTAN_ENVIRONMENT=" + Shell.quote(environment)
        + " CAPSTAN_HOST=" + Shell.quote(host.name())
        + " CAPSTAN_RELEASE_DIR=" + releaseDirWord
        + " CAPSTAN_DEPLOY_PATH=" + Shell.quote(layout.deployPath())
        + " PIP_CACHE_DIR=" + Shell.quote(layout.pipCacheDir()) + "\n"
        + "CAPSTAN_COMMIT=$(cat REVISION 2>/dev/null); export CAPSTAN_COMMIT\n";
  }
}
