package dev.capstan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The results as a Markdown table of medians and ratios to the hand script, with targets. */
final class ResultsReport {

  private final Measurements measurements;
  private final Scale scale;
  private final List<Tool> tools;

  ResultsReport(Measurements measurements, Scale scale, List<Tool> tools) {
    this.measurements = measurements;
    this.scale = scale;
    this.tools = List.copyOf(tools);
  }

  /** One header line, one separator line, one line per operation. */
  String table() {
    List<String> header = new ArrayList<>(List.of("operation"));
    tools.forEach(t -> header.add(t.label()));
    tools.stream()
        .filter(t -> t != Tool.HAND_SCRIPT)
        .forEach(t -> header.add(t.label() + " ÷ hand"));
    header.add("target (Capstan)");
    header.add("met");
    List<String> lines = new ArrayList<>();
    lines.add(row(header));
    lines.add(row(header.stream().map(h -> "---").toList()));
    for (Operation operation : Operation.values()) {
      lines.add(row(cells(operation)));
    }
    return String.join("\n", lines) + "\n";
  }

  /**
   * The median CPU seconds of each tool's own process (and the children it waited for) per
   * operation, beside Capstan's ratio to the hand script: what each costs a busy machine.
   */
  static String cpuTable(Measurements cpu, List<Tool> tools) {
    List<String> header = new ArrayList<>(List.of("operation"));
    tools.forEach(t -> header.add(t.label()));
    header.add("Capstan ÷ hand");
    List<String> lines = new ArrayList<>();
    lines.add(row(header));
    lines.add(row(header.stream().map(h -> "---").toList()));
    for (Operation operation : Operation.values()) {
      if (!operation.comparedWithOtherTools() || cpu.median(operation, Tool.CAPSTAN).isEmpty()) {
        continue;
      }
      List<String> cells = new ArrayList<>(List.of(operation.label()));
      for (Tool tool : tools) {
        OptionalDouble median = cpu.median(operation, tool);
        cells.add(median.isPresent() ? format(median.getAsDouble()) + " CPU s" : "—");
      }
      OptionalDouble ratio = cpu.ratio(operation, Tool.CAPSTAN, Tool.HAND_SCRIPT);
      cells.add(ratio.isPresent() ? format(ratio.getAsDouble()) + "×" : "—");
      lines.add(row(cells));
    }
    return String.join("\n", lines) + "\n";
  }

  /** Every sample behind the medians, for the record. */
  String samples() {
    List<String> lines = new ArrayList<>();
    for (Operation operation : Operation.values()) {
      for (Tool tool : tools) {
        List<Double> values = measurements.samples(operation, tool);
        if (!values.isEmpty()) {
          lines.add(
              "- "
                  + label(operation)
                  + ", "
                  + tool.label()
                  + ": "
                  + values.stream().map(v -> format(v)).collect(Collectors.joining(", "))
                  + " "
                  + operation.unit());
        }
      }
    }
    return String.join("\n", lines) + "\n";
  }

  String label(Operation operation) {
    return switch (operation) {
      case DRIFT_ROUND ->
          "drift-check round, "
              + scale.driftHosts()
              + " hosts"
              + " (Capstan: inside the running controller; others: their check)";
      case PEAK_RSS ->
          "controller peak RSS (VmHWM), "
              + scale.memoryEnvironments()
              + " Environments × "
              + scale.hostsPerEnvironment()
              + " hosts";
      default -> operation.label();
    };
  }

  private List<String> cells(Operation operation) {
    List<String> cells = new ArrayList<>(List.of(label(operation)));
    for (Tool tool : tools) {
      OptionalDouble median = measurements.median(operation, tool);
      cells.add(median.isPresent() ? format(median.getAsDouble()) + " " + operation.unit() : "—");
    }
    for (Tool tool : tools) {
      if (tool != Tool.HAND_SCRIPT) {
        OptionalDouble ratio = measurements.ratio(operation, tool, Tool.HAND_SCRIPT);
        cells.add(ratio.isPresent() ? format(ratio.getAsDouble()) + "×" : "—");
      }
    }
    Targets.Verdict verdict = Targets.judge(operation, measurements, scale.hosts());
    cells.add(verdict.target());
    cells.add(verdict.outcome());
    return cells;
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
  }
}
