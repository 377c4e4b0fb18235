package dev.capstan.model;

import java.util.Set;

/** Reads and checks an Application's {@code upkeep}. */
final class UpkeepReader {

  private static final Set<String> FIELDS = Set.of("index", "advisories", "interval", "test");
  private static final Set<String> INDEX = Set.of("url", "findLinks");
  private static final Set<String> ADVISORIES = Set.of("dir");

  private UpkeepReader() {}

  /** The spec's {@code upkeep}; null when absent or wrong (with a problem). */
  static UpkeepSpec read(MapReader spec) {
    return spec.mapping("upkeep").map(UpkeepReader::upkeep).orElse(null);
  }

  private static UpkeepSpec upkeep(MapReader upkeep) {
    upkeep.allowOnly(FIELDS);
    return new UpkeepSpec(
        upkeep.mapping("index").map(UpkeepReader::index).orElse(null),
        upkeep
            .mapping("advisories")
            .map(
                advisories -> {
                  advisories.allowOnly(ADVISORIES);
                  return advisories.requiredString("dir", TextRules::nonEmpty);
                })
            .orElse(null),
        upkeep.duration("interval", UpkeepSpec.DEFAULT_INTERVAL),
        upkeep.strings("test", TextRules::nonEmpty));
  }

  private static UpkeepSpec.Index index(MapReader index) {
    index.allowOnly(INDEX);
    if (index.has("url") == index.has("findLinks")) {
      index.report("must set exactly one of url or findLinks");
      return null;
    }
    return index.has("url")
        ? new UpkeepSpec.Index(index.requiredString("url", UpkeepReader::httpUrl), null)
        : new UpkeepSpec.Index(null, index.requiredString("findLinks", PathRules::absolute));
  }

  /** An index is asked from the host with urllib: http or https, nothing a shell could read. */
  private static String httpUrl(String text) {
    if (!text.matches("https?://[^\\s'\"\\\\`$]+")) {
      throw new InvalidValueException(
          "must be an http:// or https:// URL without spaces or quotes");
    }
    return text;
  }
}
