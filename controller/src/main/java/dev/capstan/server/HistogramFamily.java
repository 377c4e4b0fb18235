package dev.capstan.server;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram family with one {@code environment} label and fixed buckets. Not thread-safe; {@link
 * Metrics} guards it.
 */
final class HistogramFamily implements MetricFamily {

  private static final List<String> BUCKET_LABELS = List.of("environment", "le");
  private static final List<String> LABELS = List.of("environment");

  private final String name;
  private final String help;
  private final double[] bounds;
  private final Map<String, Series> series = new TreeMap<>();

  HistogramFamily(String name, String help, double... bounds) {
    for (int i = 1; i < bounds.length; i++) {
      if (!(bounds[i - 1] < bounds[i])) {
        throw new IllegalArgumentException(
            "bucket bounds must increase: " + Arrays.toString(bounds));
      }
    }
    this.name = name;
    this.help = help;
    this.bounds = bounds.clone();
  }

  @Override
  public String name() {
    return name;
  }

  void observe(String environment, double value) {
    series.computeIfAbsent(environment, e -> new Series(bounds.length)).observe(bounds, value);
  }

  @Override
  public void render(TextFormat out) {
    out.header(name, "histogram", help);
    series.forEach(
        (environment, s) -> {
          long cumulative = 0;
          for (int i = 0; i < bounds.length; i++) {
            cumulative += s.counts[i];
            String le = TextFormat.number(bounds[i]);
            out.sample(name + "_bucket", BUCKET_LABELS, List.of(environment, le), cumulative);
          }
          out.sample(name + "_bucket", BUCKET_LABELS, List.of(environment, "+Inf"), s.count);
          out.sample(name + "_sum", LABELS, List.of(environment), s.sum);
          out.sample(name + "_count", LABELS, List.of(environment), s.count);
        });
  }

  /** One environment's observations: per-bucket (not yet cumulative) counts, sum and count. */
  private static final class Series {
    private final long[] counts;
    private double sum;
    private long count;

    Series(int buckets) {
      counts = new long[buckets];
    }

    void observe(double[] bounds, double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          counts[i]++;
          break;
        }
      }
      sum += value;
      count++;
    }
  }
}
