package dev.capstan.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every family that {@code /metrics} serves, written out by hand (not read from Metrics): name,
 * type, help and label names of its samples. Dashboards and alerts depend on these; a change here
 * is a change users see.
 */
final class MetricCatalog {

  /** One family as a scraper sees it; {@code labels} of its plain samples (histograms add le). */
  record Family(String name, String type, String help, List<String> labels) {}

  static final List<Family> FAMILIES =
      List.of(
          new Family(
              "capstan_backup_failures_total",
              "counter",
              "Scheduled backups that were not taken, or whose verification failed.",
              List.of("environment")),
          new Family(
              "capstan_backup_last_success_timestamp_seconds",
              "gauge",
              "When the last backup of an environment was taken, in seconds since the epoch.",
              List.of("environment")),
          new Family(
              "capstan_backup_last_verified_timestamp_seconds",
              "gauge",
              "When the last backup that verified by a real restore was taken, in seconds.",
              List.of("environment")),
          new Family(
              "capstan_deploys_total",
              "counter",
              "Rollouts that made a new release live.",
              List.of("environment")),
          new Family(
              "capstan_drift_corrections_total",
              "counter",
              "Drift found on a host and corrected, by reason.",
              List.of("environment", "reason")),
          new Family(
              "capstan_environments",
              "gauge",
              "Environments the controller reconciles.",
              List.of()),
          new Family(
              "capstan_hosts",
              "gauge",
              "Hosts of an environment by state, as last observed.",
              List.of("environment", "state")),
          new Family(
              "capstan_outdated_packages",
              "gauge",
              "Packages of live releases the index offers a newer version of, as last checked.",
              List.of("environment")),
          new Family(
              "capstan_reconcile_duration_seconds",
              "histogram",
              "Time one reconcile of an environment took.",
              List.of("environment")),
          new Family(
              "capstan_reconciles_total",
              "counter",
              "Reconciles finished, by environment and result (success or failure).",
              List.of("environment", "result")),
          new Family(
              "capstan_rollbacks_total",
              "counter",
              "Hosts switched back after a failed health check.",
              List.of("environment")),
          new Family(
              "capstan_vulnerable_packages",
              "gauge",
              "Packages of live releases that a known advisory affects, as last checked.",
              List.of("environment")));

  /** The bucket bounds of {@code capstan_reconcile_duration_seconds}, as its le labels. */
  static final List<String> DURATION_BUCKETS =
      List.of(
          "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "120.0",
          "300.0", "600.0", "1800.0", "+Inf");

  private MetricCatalog() {}

  /** Records one event of every kind, so that every labelled family has a sample. */
  static void recordOneOfEach(Metrics metrics) {
    metrics.reconciled("production", Duration.ofMillis(1500), true);
    metrics.reconciled("production", Duration.ofSeconds(45), false);
    metrics.deployed("production");
    metrics.rolledBack("production");
    metrics.driftCorrected("production", "SymlinkChanged");
    metrics.hostStates("production", Map.of("converged", 2, "failed", 1));
    metrics.backedUp(
        "production", true, true, false, java.time.Instant.ofEpochSecond(1_800_000_000));
    metrics.backedUp(
        "production", false, false, true, java.time.Instant.ofEpochSecond(1_800_003_600));
    metrics.dependencies("production", 1, 3);
  }
}
