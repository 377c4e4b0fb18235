package dev.capstan.upkeep;

import dev.capstan.upkeep.Advisory.Affected;
import dev.capstan.upkeep.Advisory.Event;
import dev.capstan.upkeep.Advisory.EventKind;
import dev.capstan.upkeep.Advisory.Range;
import java.util.Optional;

/**
 * OSV's ECOSYSTEM evaluation of one advisory against one version (the schema's "Evaluation"
 * section): inside a range a version is affected from an {@code introduced} on, until a {@code
 * fixed} (excluded) or past a {@code last_affected} (included); an explicit {@code versions} entry
 * affects that version too.
 */
final class AdvisoryMatcher {

  private AdvisoryMatcher() {}

  /** The finding for {@code version} of the (normalised) {@code name}; empty when unaffected. */
  static Optional<Finding> match(Advisory advisory, String name, Pep440Version version) {
    if (advisory.withdrawn()) {
      return Optional.empty();
    }
    boolean affected = false;
    Pep440Version fix = null;
    for (Affected entry : advisory.affected()) {
      if (!entry.packageName().equals(name)) {
        continue;
      }
      if (entry.versions().contains(version)) {
        affected = true;
      }
      for (Range range : entry.ranges()) {
        if (inRange(range, version)) {
          affected = true;
          Pep440Version closing = closingFix(range, version);
          if (closing != null && (fix == null || closing.compareTo(fix) > 0)) {
            fix = closing; // with overlapping ranges, only the highest fix leaves all of them
          }
        }
      }
    }
    return affected
        ? Optional.of(new Finding(advisory.id(), advisory.aliases(), advisory.summary(), fix))
        : Optional.empty();
  }

  /** The schema's loop over the sorted events; a {@code limit} at or below the version ends it. */
  static boolean inRange(Range range, Pep440Version version) {
    boolean affected = false;
    for (Event event : range.events()) {
      boolean atOrBelow = event.version() == null || event.version().compareTo(version) <= 0;
      switch (event.kind()) {
        case INTRODUCED -> affected = affected || atOrBelow;
        case FIXED -> affected = affected && !atOrBelow;
        case LAST_AFFECTED ->
            affected = affected && !(atOrBelow && !event.version().equals(version));
        case LIMIT -> {
          if (atOrBelow) {
            return false;
          }
        }
      }
    }
    return affected;
  }

  /**
   * The first event above the version that ends its affected stretch, when that is a {@code fixed};
   * null when a {@code last_affected} ends it first or nothing does.
   */
  private static Pep440Version closingFix(Range range, Pep440Version version) {
    for (Event event : range.events()) {
      if (event.version() == null) {
        continue;
      }
      int c = event.version().compareTo(version);
      if (event.kind() == EventKind.FIXED && c > 0) {
        return event.version();
      }
      if ((event.kind() == EventKind.LAST_AFFECTED && c >= 0)
          || (event.kind() == EventKind.LIMIT && c > 0)) {
        return null;
      }
    }
    return null;
  }
}
