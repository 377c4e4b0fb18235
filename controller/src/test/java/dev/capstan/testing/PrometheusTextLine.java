package dev.capstan.testing;

import dev.capstan.testing.PrometheusText.Sample;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample line of the Prometheus text format: name, labels, value, timestamp. */
final class PrometheusTextLine {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern VALUE =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
  private static final Pattern BLANKS = Pattern.compile("[ \\t]+");
  private static final Pattern WORD = Pattern.compile("[^ \\t]+");

  private final String line;
  private int at;

  private PrometheusTextLine(String line) {
    this.line = line;
  }

  /** The sample on {@code line}; an {@link IllegalArgumentException} saying what is wrong. */
  static Sample parse(String line) {
    return new PrometheusTextLine(line).sample();
  }

  /** Undoes {@code \\}, {@code \n} and, in label values only, {@code \"}. */
  static String unescape(String text, boolean quotes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
      switch (next) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case '"' -> {
          if (!quotes) {
            throw new IllegalArgumentException("invalid escape \\\" outside a label value");
          }
          out.append('"');
        }
        default -> throw new IllegalArgumentException("invalid escape \\" + next);
      }
      i++;
    }
    return out.toString();
  }

  private Sample sample() {
    String name = token(PrometheusText.METRIC_NAME, "a metric name");
    Map<String, String> labels = new LinkedHashMap<>();
    if (peek('{')) {
      at++;
      labels(labels);
    }
    token(BLANKS, "a blank before the value");
    double value = number(token(WORD, "a value"));
    if (at < line.length()) {
      token(BLANKS, "a blank before the timestamp");
      String timestamp = token(WORD, "a timestamp");
      if (!TIMESTAMP.matcher(timestamp).matches()) {
        throw new IllegalArgumentException("not an integer timestamp: " + timestamp);
      }
    }
    if (at < line.length()) {
      throw new IllegalArgumentException("unexpected text after the sample");
    }
    return new Sample(name, Collections.unmodifiableMap(labels), value);
  }

  private void labels(Map<String, String> labels) {
    while (!peek('}')) {
      String name = token(LABEL_NAME, "a label name");
      if (name.startsWith("__")) {
        throw new IllegalArgumentException("label name " + name + " is reserved");
      }
      expect('=');
      expect('"');
      String value = unescape(rawLabelValue(), true);
      if (labels.put(name, value) != null) {
        throw new IllegalArgumentException("label " + name + " appears twice");
      }
      if (!peek('}')) {
        expect(',');
      }
    }
    at++;
  }

  /** The escaped text up to the closing quote, which it consumes. */
  private String rawLabelValue() {
    int start = at;
    while (at < line.length() && line.charAt(at) != '"') {
      at += line.charAt(at) == '\\' ? 2 : 1;
    }
    if (at >= line.length()) {
      throw new IllegalArgumentException("unterminated label value");
    }
    return line.substring(start, at++);
  }

  /** A sample value or bucket bound: a float as Go writes it, +Inf, -Inf or NaN. */
  static double number(String value) {
    if (!VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException("not a float, +Inf, -Inf or NaN: " + value);
    }
    return switch (value) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }

  private String token(Pattern pattern, String what) {
    Matcher matcher = pattern.matcher(line).region(at, line.length());
    if (!matcher.lookingAt()) {
      throw new IllegalArgumentException("expected " + what + " at column " + (at + 1));
    }
    at = matcher.end();
    return matcher.group();
  }

  private boolean peek(char c) {
    return at < line.length() && line.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw new IllegalArgumentException("expected '" + c + "' at column " + (at + 1));
    }
    at++;
  }
}
