package dev.capstan.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus text exposition format 0.0.4 for tests: it fails with an {@link
 * AssertionError} naming the line on anything a scraper would reject or misread, and returns the
 * samples for assertions.
 *
 * <p>Stricter than Prometheus in a few places that only catch our own mistakes: every family needs
 * both {@code # HELP} and {@code # TYPE} before its first sample, sample lines have no leading
 * blanks, and histogram buckets must be written in increasing {@code le} order.
 */
public final class PrometheusText {

  /** One sample line: metric name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {

    /** The value of one label, or null when the sample has no such label. */
    public String label(String labelName) {
      return labels.get(labelName);
    }
  }

  /** A family declared by {@code # HELP} and {@code # TYPE}, with its samples in text order. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern HELP = Pattern.compile("# HELP ([^ ]+)(?: (.*))?");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([^ ]+) ([^ ]+)");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private final Map<String, Family> families;
  private final List<Sample> samples;

  private PrometheusText(Map<String, Family> families, List<Sample> samples) {
    this.families = Collections.unmodifiableMap(families);
    this.samples = List.copyOf(samples);
  }

  /** Parses and checks {@code text}; throws {@link AssertionError} at the first problem. */
  public static PrometheusText parse(String text) {
    return new Parser().parse(text);
  }

  /** Every sample, in text order. */
  public List<Sample> samples() {
    return samples;
  }

  /** The samples named exactly {@code name} (for a histogram: {@code x_bucket}, ...). */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Families by name, in text order. */
  public Map<String, Family> families() {
    return families;
  }

  /** The declared family, or an {@link AssertionError} when the text has none by that name. */
  public Family family(String name) {
    Family family = families.get(name);
    if (family == null) {
      throw new AssertionError("no family " + name + "; families: " + families.keySet());
    }
    return family;
  }

  /**
   * The value of the sample with exactly these labels, given as name, value, name, value...; an
   * {@link AssertionError} listing the label sets present when there is no such sample.
   */
  public double value(String name, String... labelPairs) {
    Map<String, String> wanted = pairs(labelPairs);
    List<Sample> named = samples(name);
    return named.stream()
        .filter(s -> s.labels().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no sample "
                        + name
                        + wanted
                        + "; present: "
                        + named.stream().map(Sample::labels).toList()))
        .value();
  }

  /** Whether a sample with exactly these labels (name, value, ...) exists. */
  public boolean has(String name, String... labelPairs) {
    Map<String, String> wanted = pairs(labelPairs);
    return samples(name).stream().anyMatch(s -> s.labels().equals(wanted));
  }

  private static Map<String, String> pairs(String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("label names and values must come in pairs");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return labels;
  }

  /** One pass over the lines, tracking the families declared and the family being written. */
  private static final class Parser {
    private final Map<String, String> helps = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, List<Sample>> byFamily = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    private final List<Sample> samples = new ArrayList<>();
    private String current;
    private int lineNumber;
    private String line;

    PrometheusText parse(String text) {
      if (!text.isEmpty() && !text.endsWith("\n")) {
        throw new AssertionError("the last line must end with a newline");
      }
      for (String each : text.split("\n", -1)) {
        lineNumber++;
        line = each;
        if (line.startsWith("#")) {
          comment();
        } else if (!line.isBlank()) {
          sample();
        }
      }
      Map<String, Family> families = new LinkedHashMap<>();
      types.forEach(
          (name, type) -> {
            List<Sample> own = byFamily.getOrDefault(name, List.of());
            families.put(name, new Family(name, type, helps.get(name), List.copyOf(own)));
          });
      families.values().forEach(Parser::checkFamily);
      return new PrometheusText(families, samples);
    }

    private void comment() {
      Matcher help = HELP.matcher(line);
      Matcher type = TYPE.matcher(line);
      if (line.startsWith("# HELP ")) {
        check(help.matches(), "expected # HELP <name> <docstring>");
        String name = declared(help.group(1), helps, "HELP");
        String docstring = help.group(2) == null ? "" : help.group(2);
        try {
          helps.put(name, PrometheusTextLine.unescape(docstring, false));
        } catch (IllegalArgumentException e) {
          throw fail(e.getMessage());
        }
      } else if (line.startsWith("# TYPE ")) {
        check(
            type.matches() && TYPES.contains(type.group(2)),
            "expected # TYPE <name> counter|gauge|histogram|summary|untyped");
        types.put(declared(type.group(1), types, "TYPE"), type.group(2));
      }
    }

    private String declared(String name, Map<String, String> seen, String what) {
      check(METRIC_NAME.matcher(name).matches(), "invalid metric name " + name);
      check(!seen.containsKey(name), "second # " + what + " for " + name);
      check(!byFamily.containsKey(name), "# " + what + " for " + name + " after its samples");
      return name;
    }

    private void sample() {
      Sample sample;
      try {
        sample = PrometheusTextLine.parse(line);
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage());
      }
      String family = familyOf(sample);
      check(helps.containsKey(family), "family " + family + " has no # HELP before its samples");
      if (!family.equals(current)) {
        check(!finished.contains(family), "samples of " + family + " are not grouped together");
        if (current != null) {
          finished.add(current);
        }
        current = family;
      }
      check(series.add(sample.name() + sample.labels()), "duplicate sample " + sample.name());
      if (types.get(family).equals("counter")) {
        check(sample.value() >= 0, "counter " + sample.name() + " is negative or NaN");
      }
      byFamily.computeIfAbsent(family, f -> new ArrayList<>()).add(sample);
      samples.add(sample);
    }

    private String familyOf(Sample sample) {
      String name = sample.name();
      String type = types.get(name);
      if (type != null && !type.equals("histogram")) {
        return name;
      }
      for (String suffix : List.of("_bucket", "_sum", "_count")) {
        if (name.endsWith(suffix)) {
          String base = name.substring(0, name.length() - suffix.length());
          String baseType = types.get(base);
          boolean summaryPart = "summary".equals(baseType) && !suffix.equals("_bucket");
          if ("histogram".equals(baseType) || summaryPart) {
            return base;
          }
        }
      }
      throw fail("sample " + name + " belongs to no family declared by # TYPE");
    }

    private static void checkFamily(Family family) {
      if (family.type().equals("histogram")) {
        PrometheusTextHistograms.check(family);
      }
    }

    private void check(boolean condition, String message) {
      if (!condition) {
        throw fail(message);
      }
    }

    private AssertionError fail(String message) {
      return new AssertionError("line " + lineNumber + ": " + message + ": " + line);
    }
  }
}
