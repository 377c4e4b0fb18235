package dev.capstan.server;

import java.util.List;

/** Writes Prometheus text exposition format 0.0.4: family headers and escaped sample lines. */
final class TextFormat {

  private final StringBuilder out = new StringBuilder();

  /** The {@code # HELP} and {@code # TYPE} lines that open a family. */
  void header(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** One sample line; {@code labelNames} and {@code labelValues} pair up by position. */
  void sample(String name, List<String> labelNames, List<String> labelValues, double value) {
    out.append(name);
    if (!labelNames.isEmpty()) {
      out.append('{');
      for (int i = 0; i < labelNames.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(labelNames.get(i)).append("=\"");
        out.append(escapeLabelValue(labelValues.get(i))).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(number(value)).append('\n');
  }

  String text() {
    return out.toString();
  }

  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /**
   * Integral values without a fraction ({@code 3}, not {@code 3.0}); infinities as Go spells them.
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
