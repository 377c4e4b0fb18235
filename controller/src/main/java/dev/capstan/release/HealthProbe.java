package dev.capstan.release;

import java.time.Duration;

/**
 * A live release's health check, ready to ride along with an observation (see
 * {@link HostObserver#observe(dev.capstan.host.RemoteHost, ReleaseLayout,
 * dev.capstan.model.SharedSpec, HealthProbe)}); made by {@link HostDeployer#healthProbe()}.
 */
public final class HealthProbe {

  final StepScript script;
  final Duration timeout;

  HealthProbe(StepScript script, Duration timeout) {
    this.script = script;
    this.timeout = timeout;
  }
}
