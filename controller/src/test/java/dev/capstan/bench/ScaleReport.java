package dev.capstan.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench/SCALE-RESULTS.md} from the points {@code bench/scale} measured: one row per figure,
 * one column per Environment count, and issue 17's target with met or missed at the largest count.
 * Pure.
 */
final class ScaleReport {

  /** Issue 17's targets for a thousand Environments on one controller. */
  static final double CPU_TARGET = 0.5;

  static final double MEMORY_TARGET_MIB = 512;

  /**
   * SSH connections pooled per host, not per Environment: one per host and set of credentials (all
   * the same here), and one more while a broken one is being replaced.
   */
  static final int CONNECTIONS_PER_HOST = 2;

  /**
   * A round keeps up when its wall time is at most the interval plus a tenth: each Environment is
   * looked at again an interval after its last reconcile finished, so a round that keeps up takes
   * the interval plus one reconcile.
   */
  static final double PERIOD_SLACK = 1.1;

  private final List<ScalePoint> points;
  private final Duration interval;

  ScaleReport(List<ScalePoint> points, Duration interval) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no measured sizes");
    }
    this.points = List.copyOf(points);
    this.interval = interval;
  }

  String table() {
    List<String> lines = new ArrayList<>();
    StringBuilder header = new StringBuilder("| Figure |");
    StringBuilder rule = new StringBuilder("|---|");
    for (ScalePoint point : points) {
      header.append(' ').append(point.environments()).append(" Environments |");
      rule.append("---:|");
    }
    header.append(" Target (at ").append(largest().environments()).append(") |");
    rule.append("---|");
    lines.add(header.toString());
    lines.add(rule.toString());
    double seconds = interval.toSeconds();
    row(
        lines,
        "slowest drift round, wall s",
        ScalePoint::slowestPeriod,
        "%.1f",
        largest().slowestPeriod() <= seconds * PERIOD_SLACK,
        String.format(
            Locale.ROOT,
            "≤ %.1f s (interval %ds + 10%%)",
            seconds * PERIOD_SLACK,
            interval.toSeconds()));
    row(
        lines,
        "busiest round's reconcile work ÷ workers, s",
        ScalePoint::mostBusy,
        "%.1f",
        largest().mostBusy() <= seconds,
        String.format(Locale.ROOT, "≤ %.0f s (fits in the interval)", seconds));
    row(
        lines,
        "controller CPU, cores (CPU s per wall s)",
        ScalePoint::cpuPerSecond,
        "%.3f",
        largest().cpuPerSecond() <= CPU_TARGET,
        "≤ " + CPU_TARGET + " core");
    row(
        lines,
        "peak RSS (VmHWM), MiB",
        ScalePoint::peakMiB,
        "%.0f",
        largest().peakMiB() <= MEMORY_TARGET_MIB,
        "≤ " + (int) MEMORY_TARGET_MIB + " MiB");
    row(lines, "RSS at the end (VmRSS), MiB", ScalePoint::residentMiB, "%.0f", null, "");
    row(
        lines,
        "SSH connections (most established at once)",
        p -> p.connections(),
        "%.0f",
        largest().connections() <= largest().hosts() * CONNECTIONS_PER_HOST,
        "≤ "
            + CONNECTIONS_PER_HOST
            + " per host ("
            + largest().hosts() * CONNECTIONS_PER_HOST
            + "), not per Environment");
    return String.join("\n", lines) + "\n";
  }

  /** Whether every figure with a target met it at the largest count. */
  boolean allMet() {
    ScalePoint p = largest();
    double seconds = interval.toSeconds();
    return p.slowestPeriod() <= seconds * PERIOD_SLACK
        && p.mostBusy() <= seconds
        && p.cpuPerSecond() <= CPU_TARGET
        && p.peakMiB() <= MEMORY_TARGET_MIB
        && p.connections() <= p.hosts() * CONNECTIONS_PER_HOST;
  }

  /** How a figure grows: the ratio of each count's value to the previous count's. */
  String growth(String label, ToDoubleFunction<ScalePoint> figure) {
    StringBuilder text = new StringBuilder(label + ": ");
    for (int i = 0; i < points.size(); i++) {
      double value = figure.applyAsDouble(points.get(i));
      if (i > 0) {
        double before = figure.applyAsDouble(points.get(i - 1));
        text.append(
            String.format(
                Locale.ROOT,
                " → ×%.2f for ×%.0f Environments → ",
                before == 0 ? Double.NaN : value / before,
                (double) points.get(i).environments() / points.get(i - 1).environments()));
      }
      text.append(String.format(Locale.ROOT, "%.3g", value));
    }
    return text.toString();
  }

  private ScalePoint largest() {
    return points.get(points.size() - 1);
  }

  private void row(
      List<String> lines,
      String label,
      ToDoubleFunction<ScalePoint> figure,
      String format,
      Boolean met,
      String target) {
    StringBuilder row = new StringBuilder("| " + label + " |");
    for (ScalePoint point : points) {
      row.append(' ')
          .append(String.format(Locale.ROOT, format, figure.applyAsDouble(point)))
          .append(" |");
    }
    row.append(' ')
        .append(target)
        .append(met == null ? "" : met ? " — **met**" : " — **missed**")
        .append(" |");
    lines.add(row.toString());
  }
}
