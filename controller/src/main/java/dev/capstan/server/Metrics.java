package dev.capstan.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The controller's Prometheus metrics: what the reconcile loop did, kept in a registry of the
 * Prometheus Java client and rendered by {@link #scrape()} in text exposition format 0.0.4.
 *
 * <p>Every event is recorded, and every scrape taken, under one lock: a scrape never shows half of
 * a {@link #hostStates} replacement. A labelled family appears from its first sample on (the client
 * writes no empty family); {@code capstan_environments} is always there.
 *
 * <p>An environment counts towards {@code capstan_environments} from the first event recorded for
 * it until {@link #forget(String)}; call {@code forget} after its reconciles have stopped.
 */
public final class Metrics {

  /** Upper bounds of the reconcile duration buckets, in seconds: builds can take minutes. */
  static final double[] DURATION_BUCKETS = {
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800
  };

  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

  private final Object lock = new Object();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  /** Guarded by {@link #lock}, read by the gauges' callbacks during a scrape. */
  private final TreeSet<String> environments = new TreeSet<>();

  /** Guarded by {@link #lock}: host counts by state, by environment. */
  private final Map<String, Map<String, Integer>> hosts = new TreeMap<>();

  private final Counter reconciles =
      Counter.builder()
          .name("capstan_reconciles_total")
          .help("Reconciles finished, by environment and result (success or failure).")
          .labelNames("environment", "result")
          .withoutExemplars()
          .register(registry);
  private final Counter deploys =
      Counter.builder()
          .name("capstan_deploys_total")
          .help("Rollouts that made a new release live.")
          .labelNames("environment")
          .withoutExemplars()
          .register(registry);
  private final Counter rollbacks =
      Counter.builder()
          .name("capstan_rollbacks_total")
          .help("Hosts switched back after a failed health check.")
          .labelNames("environment")
          .withoutExemplars()
          .register(registry);
  private final Counter driftCorrections =
      Counter.builder()
          .name("capstan_drift_corrections_total")
          .help("Drift found on a host and corrected, by reason.")
          .labelNames("environment", "reason")
          .withoutExemplars()
          .register(registry);
  private final Counter backupFailures =
      Counter.builder()
          .name("capstan_backup_failures_total")
          .help("Scheduled backups that were not taken, or whose verification failed.")
          .labelNames("environment")
          .withoutExemplars()
          .register(registry);

  /** Guarded by {@link #lock}: when the last backup succeeded, and verified, by environment. */
  private final Map<String, Double> lastBackup = new TreeMap<>();

  private final Map<String, Double> lastVerified = new TreeMap<>();

  /** Guarded by {@link #lock}: the last dependency check's counts, by environment. */
  private final Map<String, Integer> vulnerablePackages = new TreeMap<>();

  private final Map<String, Integer> outdatedPackages = new TreeMap<>();

  private final Histogram reconcileDuration =
      Histogram.builder()
          .name("capstan_reconcile_duration_seconds")
          .help("Time one reconcile of an environment took.")
          .labelNames("environment")
          .classicOnly()
          .classicUpperBounds(DURATION_BUCKETS)
          .withoutExemplars()
          .register(registry);

  public Metrics() {
    GaugeWithCallback.builder()
        .name("capstan_hosts")
        .help("Hosts of an environment by state, as last observed.")
        .labelNames("environment", "state")
        .callback(
            gauge ->
                hosts.forEach(
                    (environment, counts) ->
                        counts.forEach((state, count) -> gauge.call(count, environment, state))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("capstan_backup_last_success_timestamp_seconds")
        .help("When the last backup of an environment was taken, in seconds since the epoch.")
        .labelNames("environment")
        .callback(gauge -> lastBackup.forEach((environment, at) -> gauge.call(at, environment)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("capstan_backup_last_verified_timestamp_seconds")
        .help("When the last backup that verified by a real restore was taken, in seconds.")
        .labelNames("environment")
        .callback(gauge -> lastVerified.forEach((environment, at) -> gauge.call(at, environment)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("capstan_vulnerable_packages")
        .help("Packages of live releases that a known advisory affects, as last checked.")
        .labelNames("environment")
        .callback(gauge -> vulnerablePackages.forEach((env, n) -> gauge.call(n, env)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("capstan_outdated_packages")
        .help("Packages of live releases the index offers a newer version of, as last checked.")
        .labelNames("environment")
        .callback(gauge -> outdatedPackages.forEach((env, n) -> gauge.call(n, env)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("capstan_environments")
        .help("Environments the controller reconciles.")
        .callback(gauge -> gauge.call(environments.size()))
        .register(registry);
  }

  /** A reconcile of {@code environment} finished after {@code took}, successfully or not. */
  public void reconciled(String environment, Duration took, boolean ok) {
    Objects.requireNonNull(environment, "environment");
    if (took.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + took);
    }
    double seconds = took.getSeconds() + took.getNano() / 1e9;
    synchronized (lock) {
      known(environment);
      reconciles.labelValues(environment, ok ? "success" : "failure").inc();
      reconcileDuration.labelValues(environment).observe(seconds);
    }
  }

  /** A rollout made a new release live in {@code environment}. */
  public void deployed(String environment) {
    record(deploys, environment);
  }

  /** A host of {@code environment} was switched back to its previous release. */
  public void rolledBack(String environment) {
    record(rollbacks, environment);
  }

  /** Drift was corrected in {@code environment}; {@code reason} is a short CamelCase cause. */
  public void driftCorrected(String environment, String reason) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(reason, "reason");
    synchronized (lock) {
      known(environment);
      driftCorrections.labelValues(environment, reason).inc();
    }
  }

  /** Replaces the host counts of {@code environment}: states absent from the map disappear. */
  public void hostStates(String environment, Map<String, Integer> countsByState) {
    Objects.requireNonNull(environment, "environment");
    Map<String, Integer> counts = new TreeMap<>(Map.copyOf(countsByState));
    synchronized (lock) {
      known(environment);
      hosts.put(environment, counts);
    }
  }

  /** {@code environment} was removed: its gauges go; its counters keep their totals. */
  /**
   * A backup of {@code environment} ended at {@code at}: taken, verified, and whether it failed
   * (not taken, or its verification failed).
   */
  public void backedUp(
      String environment, boolean taken, boolean verified, boolean failed, java.time.Instant at) {
    Objects.requireNonNull(environment, "environment");
    double seconds = at.toEpochMilli() / 1000.0;
    synchronized (lock) {
      known(environment);
      if (taken) {
        lastBackup.put(environment, seconds);
      }
      if (verified) {
        lastVerified.put(environment, seconds);
      }
      if (failed) {
        backupFailures.labelValues(environment).inc();
      }
    }
  }

  /** A dependency check of {@code environment} found these counts: they replace the last. */
  public void dependencies(String environment, int vulnerable, int outdated) {
    Objects.requireNonNull(environment, "environment");
    synchronized (lock) {
      known(environment);
      vulnerablePackages.put(environment, vulnerable);
      outdatedPackages.put(environment, outdated);
    }
  }

  public void forget(String environment) {
    synchronized (lock) {
      vulnerablePackages.remove(environment);
      outdatedPackages.remove(environment);
      environments.remove(environment);
      hosts.remove(environment);
      lastBackup.remove(environment);
      lastVerified.remove(environment);
    }
  }

  /** Every family, sorted by name, in Prometheus text exposition format 0.0.4. */
  public String scrape() {
    MetricSnapshots snapshots;
    synchronized (lock) {
      snapshots = registry.scrape();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TEXT.write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private void record(Counter counter, String environment) {
    Objects.requireNonNull(environment, "environment");
    synchronized (lock) {
      known(environment);
      counter.labelValues(environment).inc();
    }
  }

  private void known(String environment) {
    environments.add(environment);
  }
}
