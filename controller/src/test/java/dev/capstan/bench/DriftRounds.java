package dev.capstan.bench;

import dev.capstan.testing.PrometheusText;
import java.util.ArrayList;
import java.util.List;

/**
 * Durations of single reconciles of one Environment, read from successive scrapes of the
 * controller's {@code capstan_reconcile_duration_seconds} histogram: when its count grew by one
 * between two scrapes, the growth of its sum is that reconcile's duration. Scrapes that missed a
 * reconcile are skipped rather than averaged.
 */
final class DriftRounds {

  private final String environment;
  private final List<Double> durations = new ArrayList<>();
  private double count = -1;
  private double sum;

  DriftRounds(String environment) {
    this.environment = environment;
  }

  /** Takes one scrape into account; returns how many single rounds are known so far. */
  int scrape(PrometheusText metrics) {
    double newCount = value(metrics, "capstan_reconcile_duration_seconds_count");
    double newSum = value(metrics, "capstan_reconcile_duration_seconds_sum");
    if (count >= 0 && newCount == count + 1) {
      durations.add(newSum - sum);
    }
    count = newCount;
    sum = newSum;
    return durations.size();
  }

  List<Double> durations() {
    return List.copyOf(durations);
  }

  private double value(PrometheusText metrics, String name) {
    return metrics.has(name, "environment", environment)
        ? metrics.value(name, "environment", environment)
        : 0;
  }
}
