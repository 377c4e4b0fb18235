package dev.capstan.server;

import dev.capstan.reconcile.Change;
import dev.capstan.reconcile.ControllerEvents;
import java.time.Duration;
import java.util.Map;

/**
 * {@link ControllerEvents} as metrics: everything the controller reports is counted, in both modes.
 */
public final class MetricsEvents implements ControllerEvents {

  private final Metrics metrics;

  public MetricsEvents(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void reconciled(String environment, Duration took, boolean ok) {
    metrics.reconciled(environment, took, ok);
  }

  @Override
  public void backedUp(
      String environment, dev.capstan.backup.BackupResult result, java.time.Instant at) {
    if (result.nothingYet()) {
      return;
    }
    boolean taken = result.backup() != null;
    boolean verified = result.ok() && taken && result.backup().verifiedOk();
    metrics.backedUp(environment, taken, verified, !result.ok(), at);
  }

  @Override
  public void dependenciesChecked(
      String environment, dev.capstan.reconcile.DependencyStatus dependencies) {
    metrics.dependencies(environment, dependencies.vulnerable(), dependencies.outdated());
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
  public void driftCorrected(String environment, String host, Change change) {
    metrics.driftCorrected(environment, change.kind().label());
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
