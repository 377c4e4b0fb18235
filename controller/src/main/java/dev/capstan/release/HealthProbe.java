package dev.capstan.release;

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

  /** Adds entering the live release and checking it to {@code script}. */
  void appendTo(RemoteScript script) {
    StepRunner.add(runner.enterCurrent(script), steps);
  }
}
