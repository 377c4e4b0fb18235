package dev.capstan.release;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.remote.StepResult;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * Runs recipe steps in a release folder on one host with the environment every command is promised:
 * {@code CAPSTAN_ENVIRONMENT}, {@code CAPSTAN_HOST}, {@code CAPSTAN_COMMIT} (read from the
 * release's {@code REVISION}), {@code CAPSTAN_RELEASE_DIR} and {@code CAPSTAN_DEPLOY_PATH}. A
 * phase's steps go as one {@link RemoteScript}: one round trip per phase, stopping at the first
 * failing step.
 */
final class StepRunner {

  private final RemoteHost host;
  private final ReleaseLayout layout;
  private final String environment;
  private final ProgressListener progress;
  private final HostServices services;

  /**
   * @param services whose env and env files every step gets; null for none
   */
  StepRunner(
      RemoteHost host,
      ReleaseLayout layout,
      String environment,
      ProgressListener progress,
      HostServices services) {
    this.host = host;
    this.layout = layout;
    this.environment = environment;
    this.progress = progress;
    this.services = services;
  }

  /** A script whose recipe steps will run in {@code release}; add steps, then {@link #run}. */
  RemoteScript inRelease(String release) {
    return enter(RemoteScript.create(), release);
  }

  /** {@code script}, then entering {@code release}: the steps added after run there. */
  RemoteScript enter(RemoteScript script, String release) {
    String dir = layout.release(release);
    return withAppEnvironment(
        script.enter(
            dir, environment, host.name(), layout.deployPath(), layout.pipCacheDir(), dir));
  }

  /** {@code script}, then entering the live release, whichever {@code current} names. */
  RemoteScript enterCurrent(RemoteScript script) {
    return withAppEnvironment(
        script.enter(
            layout.deployPath() + "/current",
            environment,
            host.name(),
            layout.deployPath(),
            layout.pipCacheDir(),
            null));
  }

  /**
   * The Application's env files and env (and the host's env) for every step after entering: the
   * same settings its services get, so a migrate reaches the database they use.
   */
  private RemoteScript withAppEnvironment(RemoteScript script) {
    return services == null
        ? script
        : script.environment(services.stepEnvFiles(), services.stepEnv());
  }

  /** {@code script}, then a step that runs before the release folder can be entered. */
  RemoteScript after(RemoteScript script, Step outside, String release) {
    return enter(add(script, List.of(outside)), release);
  }

  /** A script that first runs {@code outside} (which creates or switches to the release). */
  RemoteScript after(Step outside, String release) {
    return after(RemoteScript.create(), outside, release);
  }

  /** {@code script} with {@code steps} added, in order. */
  static RemoteScript add(RemoteScript script, List<Step> steps) {
    for (Step step : steps) {
      if (step.isBuiltin()) {
        script.builtin(step.name(), step.command(), step.call());
      } else {
        script.step(step.name(), step.command());
      }
    }
    return script;
  }

  /** Runs the script; the first failing step is thrown, named, with the tails of its output. */
  ScriptOutput run(RemoteScript script, InputStream stdin, Duration timeout)
      throws StepFailedException, HostException {
    return succeeded(verbose(script).run(host, stdin, timeout));
  }

  ScriptOutput run(RemoteScript script, Duration timeout)
      throws StepFailedException, HostException {
    return run(script, null, timeout);
  }

  /** {@code script}, asked to send back every step's output when progress wants it. */
  RemoteScript verbose(RemoteScript script) {
    return script.verbose(progress.verbose());
  }

  /** The output when the script succeeded; else its first failing step, thrown. */
  ScriptOutput succeeded(ScriptOutput output) throws StepFailedException {
    if (progress.verbose()) {
      report(output);
    }
    if (!output.succeeded()) {
      throw failure(output);
    }
    return output;
  }

  /** Each step that ran: its command, exit status and own output, indented under it. */
  private void report(ScriptOutput output) {
    for (StepResult step : output.steps()) {
      if (step.exitStatus() == null) {
        continue;
      }
      StringBuilder text =
          new StringBuilder(
              step.name()
                  + " `"
                  + StepFailedException.shortCommand(step.command())
                  + "` exited with status "
                  + step.exitStatus());
      step.stdoutTail().lines().forEach(line -> text.append("\n    out| ").append(line));
      step.stderrTail().lines().forEach(line -> text.append("\n    err| ").append(line));
      progress.progress(host.name(), text.toString());
    }
  }

  /** The failing step of a script that did not succeed. */
  StepFailedException failure(ScriptOutput output) {
    return output
        .failure()
        .map(step -> new StepFailedException(host.name(), step))
        .orElseGet(
            () ->
                new StepFailedException(
                    host.name(),
                    "script",
                    "exit status "
                        + output.exitStatus()
                        + "\n"
                        + output.stderrTail(Protocol.TAIL_LINES)));
  }
}
