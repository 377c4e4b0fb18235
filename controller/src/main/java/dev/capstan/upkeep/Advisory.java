package dev.capstan.upkeep;

import java.util.List;
import java.util.Objects;

/**
 * One OSV advisory, reduced to what matching PyPI packages needs.
 *
 * @param id the OSV id ({@code PYSEC-2024-1}, {@code GHSA-...})
 * @param aliases other ids of the same vulnerability (CVE ids), as the record lists them
 * @param summary one line for people; empty when the record has none
 * @param withdrawn whether the record was withdrawn: such a record affects nothing
 * @param affected its PyPI entries only
 */
public record Advisory(
    String id, List<String> aliases, String summary, boolean withdrawn, List<Affected> affected) {

  public Advisory {
    Objects.requireNonNull(id, "id");
    aliases = List.copyOf(aliases);
    summary = summary == null ? "" : summary;
    affected = List.copyOf(affected);
  }

  /**
   * One {@code affected[]} entry of ecosystem PyPI.
   *
   * @param packageName the name normalised as PEP 503 says
   * @param ranges its ranges of type ECOSYSTEM or SEMVER (GIT ranges are dropped when read)
   * @param versions its explicit {@code versions}, those that parse as PEP 440 (pip cannot install
   *     the others anyway)
   */
  public record Affected(String packageName, List<Range> ranges, List<Pep440Version> versions) {
    public Affected {
      packageName = PackageName.normalize(packageName);
      ranges = List.copyOf(ranges);
      versions = List.copyOf(versions);
    }
  }

  /** One range: its events, sorted by version when read (OSV does not promise an order). */
  public record Range(String type, List<Event> events) {
    public Range {
      Objects.requireNonNull(type, "type");
      events = List.copyOf(events);
    }
  }

  /** What an OSV range event says happened at a version. */
  public enum EventKind {
    INTRODUCED("introduced"),
    FIXED("fixed"),
    LAST_AFFECTED("last_affected"),
    LIMIT("limit");

    private final String field;

    EventKind(String field) {
      this.field = field;
    }

    /** The JSON field OSV names it by. */
    public String field() {
      return field;
    }
  }

  /**
   * One event. {@code version} is null for {@code introduced: "0"}, which OSV defines as "before
   * every version" (so even {@code 0.dev1}, which PEP 440 places below {@code 0}).
   */
  public record Event(EventKind kind, Pep440Version version) implements Comparable<Event> {
    public Event {
      Objects.requireNonNull(kind, "kind");
    }

    /** By version, "0" first; at one version, in the order introduced, fixed, last_affected. */
    @Override
    public int compareTo(Event other) {
      if (version == null || other.version == null) {
        return version == other.version ? kind.compareTo(other.kind) : version == null ? -1 : 1;
      }
      int c = version.compareTo(other.version);
      return c != 0 ? c : kind.compareTo(other.kind);
    }
  }
}
