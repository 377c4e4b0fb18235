package dev.capstan.server;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The controller's Prometheus metrics: a small thread-safe registry of what the reconcile loop did,
 * rendered by {@link #scrape()} in text exposition format 0.0.4.
 *
 * <p>An environment counts towards {@code capstan_environments} from the first event recorded for
 * it until {@link #forget(String)}; call {@code forget} after its reconciles have stopped.
 */
public final class Metrics {

  /** Upper bounds of the reconcile duration buckets, in seconds: builds can take minutes. */
  static final double[] DURATION_BUCKETS = {
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800
  };

  private final Object lock = new Object();
  private final TreeSet<String> environments = new TreeSet<>();
  private final SampleFamily reconciles =
      SampleFamily.counter(
          "capstan_reconciles_total",
          "Reconciles finished, by environment and result (success or failure).",
          "environment",
          "result");
  private final SampleFamily deploys =
      SampleFamily.counter(
          "capstan_deploys_total", "Rollouts that made a new release live.", "environment");
  private final SampleFamily rollbacks =
      SampleFamily.counter(
          "capstan_rollbacks_total",
          "Hosts switched back after a failed health check.",
          "environment");
  private final SampleFamily driftCorrections =
      SampleFamily.counter(
          "capstan_drift_corrections_total",
          "Drift found on a host and corrected, by reason.",
          "environment",
          "reason");
  private final SampleFamily hosts =
      SampleFamily.gauge(
          "capstan_hosts",
          "Hosts of an environment by state, as last observed.",
          "environment",
          "state");
  private final SampleFamily environmentCount =
      SampleFamily.gauge("capstan_environments", "Environments the controller reconciles.");
  private final HistogramFamily reconcileDuration =
      new HistogramFamily(
          "capstan_reconcile_duration_seconds",
          "Time one reconcile of an environment took.",
          DURATION_BUCKETS);
  private final List<MetricFamily> families =
      Stream.of(
              reconciles,
              deploys,
              rollbacks,
              driftCorrections,
              hosts,
              environmentCount,
              reconcileDuration)
          .sorted(Comparator.comparing(MetricFamily::name))
          .toList();

  /** A reconcile of {@code environment} finished after {@code took}, successfully or not. */
  public void reconciled(String environment, Duration took, boolean ok) {
    Objects.requireNonNull(environment, "environment");
    if (took.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + took);
    }
    double seconds = took.getSeconds() + took.getNano() / 1e9;
    synchronized (lock) {
      known(environment);
      reconciles.increment(environment, ok ? "success" : "failure");
      reconcileDuration.observe(environment, seconds);
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
      driftCorrections.increment(environment, reason);
    }
  }

  /** Replaces the host counts of {@code environment}: states absent from the map disappear. */
  public void hostStates(String environment, Map<String, Integer> countsByState) {
    Objects.requireNonNull(environment, "environment");
    Map<String, Integer> counts = Map.copyOf(countsByState);
    synchronized (lock) {
      known(environment);
      hosts.removeFirstLabel(environment);
      counts.forEach((state, count) -> hosts.set(count, environment, state));
    }
  }

  /** {@code environment} was removed: its gauges go; its counters keep their totals. */
  public void forget(String environment) {
    synchronized (lock) {
      environments.remove(environment);
      hosts.removeFirstLabel(environment);
    }
  }

  /** Every family, sorted by name, in Prometheus text exposition format 0.0.4. */
  public String scrape() {
    TextFormat out = new TextFormat();
    synchronized (lock) {
      environmentCount.set(environments.size());
      families.forEach(family -> family.render(out));
    }
    return out.text();
  }

  private void record(SampleFamily family, String environment) {
    Objects.requireNonNull(environment, "environment");
    synchronized (lock) {
      known(environment);
      family.increment(environment);
    }
  }

  private void known(String environment) {
    environments.add(environment);
  }
}
