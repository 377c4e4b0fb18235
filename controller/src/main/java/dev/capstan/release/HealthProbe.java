package dev.capstan.release;

import dev.capstan.host.HostException;
import dev.capstan.remote.RemoteScript;
import java.time.Duration;
import java.util.List;

/**
 * A live release's health check, ready to ride along with an observation (see {@link
 * HostObserver#observe(dev.capstan.host.RemoteHost, ReleaseLayout, dev.capstan.model.SharedSpec,
 * HealthProbe)}); made by {@link HostDeployer#healthProbe()}.
 */
public final class HealthProbe {

  private final StepRunner runner;
  private final List<Step> steps;
  final Duration timeout;

  HealthProbe(StepRunner runner, List<Step> steps, Duration timeout) {
    this.runner = runner;
    this.steps = List.copyOf(steps);
    this.timeout = timeout;
  }

  /**
   * Runs the check on its own, in the live release, one attempt with the spec's retries on the
   * host: null when it passed, else what failed. A check that cannot run (the host unreachable, the
   * command timing out) throws, and the caller counts it as a failure, never a pass.
   */
  public String check() throws HostException {
    RemoteScript script = RemoteScript.create();
    appendTo(script);
    try {
      runner.run(script, timeout);
      return null;
    } catch (StepFailedException e) {
      return e.getMessage();
    }
  }

  /** Adds entering the live release and checking it to {@code script}. */
  void appendTo(RemoteScript script) {
    StepRunner.add(runner.enterCurrent(script), steps);
  }
}
