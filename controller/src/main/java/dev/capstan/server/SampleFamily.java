package dev.capstan.server;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A counter or gauge family: one value per label set, kept sorted so that scrapes are
 * deterministic. Not thread-safe; {@link Metrics} guards it.
 */
final class SampleFamily implements MetricFamily {

  static final Comparator<List<String>> LABEL_ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  private final String name;
  private final String type;
  private final String help;
  private final List<String> labelNames;
  private final Map<List<String>, Double> values = new TreeMap<>(LABEL_ORDER);

  private SampleFamily(String name, String type, String help, List<String> labelNames) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labelNames = List.copyOf(labelNames);
  }

  static SampleFamily counter(String name, String help, String... labelNames) {
    return new SampleFamily(name, "counter", help, List.of(labelNames));
  }

  static SampleFamily gauge(String name, String help, String... labelNames) {
    return new SampleFamily(name, "gauge", help, List.of(labelNames));
  }

  @Override
  public String name() {
    return name;
  }

  void increment(String... labelValues) {
    values.merge(key(labelValues), 1.0, Double::sum);
  }

  void set(double value, String... labelValues) {
    values.put(key(labelValues), value);
  }

  /** Drops every sample whose first label (the environment) has this value. */
  void removeFirstLabel(String value) {
    values.keySet().removeIf(labels -> labels.get(0).equals(value));
  }

  @Override
  public void render(TextFormat out) {
    out.header(name, type, help);
    values.forEach((labels, value) -> out.sample(name, labelNames, labels, value));
  }

  private List<String> key(String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(
          name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    return List.of(labelValues);
  }
}
