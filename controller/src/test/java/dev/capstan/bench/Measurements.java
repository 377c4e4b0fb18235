package dev.capstan.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Every sample taken, by operation and tool; medians for the table. */
final class Measurements {

  private final Map<Operation, Map<Tool, List<Double>>> samples = new EnumMap<>(Operation.class);

  void add(Operation operation, Tool tool, double value) {
    samples
        .computeIfAbsent(operation, o -> new EnumMap<>(Tool.class))
        .computeIfAbsent(tool, t -> new ArrayList<>())
        .add(value);
  }

  List<Double> samples(Operation operation, Tool tool) {
    return List.copyOf(samples.getOrDefault(operation, Map.of()).getOrDefault(tool, List.of()));
  }

  /** The median of the samples; empty when that tool was not measured for that operation. */
  OptionalDouble median(Operation operation, Tool tool) {
    List<Double> values = new ArrayList<>(samples(operation, tool));
    if (values.isEmpty()) {
      return OptionalDouble.empty();
    }
    values.sort(Double::compare);
    int middle = values.size() / 2;
    return OptionalDouble.of(
        values.size() % 2 == 1
            ? values.get(middle)
            : (values.get(middle - 1) + values.get(middle)) / 2);
  }

  /** {@code tool}'s median divided by {@code base}'s, when both were measured. */
  OptionalDouble ratio(Operation operation, Tool tool, Tool base) {
    OptionalDouble value = median(operation, tool);
    OptionalDouble baseValue = median(operation, base);
    if (value.isEmpty() || baseValue.isEmpty() || baseValue.getAsDouble() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(value.getAsDouble() / baseValue.getAsDouble());
  }
}
