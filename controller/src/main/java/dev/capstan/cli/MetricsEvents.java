package dev.capstan.cli;

import dev.capstan.reconcile.ControllerEvents;
import dev.capstan.reconcile.DriftReasons;
import dev.capstan.server.Metrics;
import java.time.Duration;
import java.util.Map;

/** File mode's {@link ControllerEvents}: everything the controller reports becomes a metric. */
final class MetricsEvents implements ControllerEvents {

  private final Metrics metrics;

  MetricsEvents(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void reconciled(String environment, Duration took, boolean ok) {
    metrics.reconciled(environment, took, ok);
  }

  @Override
  public void deployed(String environment, String commit) {
    metrics.deployed(environment);
  }

  @Override
  public void rolledBack(String environment, String host, String message) {
    metrics.rolledBack(environment);
  }

  @Override
  public void driftCorrected(String environment, String host, String reason) {
    // A correction may be several changes ("built X; current pointed at Y…"): count the first.
    metrics.driftCorrected(environment, DriftReasons.category(reason));
  }

  @Override
  public void hostStates(String environment, Map<String, Integer> hostsByState) {
    metrics.hostStates(environment, hostsByState);
  }

  @Override
  public void forgotten(String environment) {
    metrics.forget(environment);
  }
}
