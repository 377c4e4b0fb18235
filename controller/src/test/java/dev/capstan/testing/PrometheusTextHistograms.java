package dev.capstan.testing;

import dev.capstan.testing.PrometheusText.Family;
import dev.capstan.testing.PrometheusText.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks that every series of a histogram family is complete and consistent. */
final class PrometheusTextHistograms {

  private PrometheusTextHistograms() {}

  /**
   * Per label set (without {@code le}): buckets in increasing {@code le} order with cumulative
   * counts, the last one {@code +Inf} and equal to {@code _count}, and a {@code _sum}.
   */
  static void check(Family family) {
    Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
    for (Sample sample : family.samples()) {
      Map<String, String> labels = new LinkedHashMap<>(sample.labels());
      String le = labels.remove("le");
      boolean bucket = sample.name().equals(family.name() + "_bucket");
      if (bucket != (le != null)) {
        throw new AssertionError(
            sample.name() + sample.labels() + ": le belongs on buckets and only on buckets");
      }
      bySeries.computeIfAbsent(labels, l -> new ArrayList<>()).add(sample);
    }
    bySeries.forEach((labels, samples) -> checkSeries(family.name() + labels, family, samples));
  }

  private static void checkSeries(String series, Family family, List<Sample> samples) {
    List<Sample> buckets = named(samples, family.name() + "_bucket");
    List<Sample> sums = named(samples, family.name() + "_sum");
    List<Sample> counts = named(samples, family.name() + "_count");
    require(!buckets.isEmpty(), series, "has no buckets");
    require(sums.size() == 1, series, "needs exactly one _sum");
    require(counts.size() == 1, series, "needs exactly one _count");
    double previousLe = Double.NEGATIVE_INFINITY;
    double previousCount = 0;
    for (Sample bucket : buckets) {
      double le = bound(series, bucket.label("le"));
      require(le > previousLe, series, "bucket le=" + bucket.label("le") + " out of order");
      require(
          bucket.value() >= previousCount,
          series,
          "bucket le=" + bucket.label("le") + " is not cumulative");
      previousLe = le;
      previousCount = bucket.value();
    }
    require(previousLe == Double.POSITIVE_INFINITY, series, "last bucket is not le=\"+Inf\"");
    require(
        previousCount == counts.get(0).value(),
        series,
        "+Inf bucket " + previousCount + " differs from _count " + counts.get(0).value());
  }

  private static double bound(String series, String le) {
    try {
      return PrometheusTextLine.number(le);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(series + ": le=\"" + le + "\" is not a number", e);
    }
  }

  private static List<Sample> named(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static void require(boolean condition, String series, String message) {
    if (!condition) {
      throw new AssertionError("histogram " + series + " " + message);
    }
  }
}
