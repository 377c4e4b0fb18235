package dev.capstan.model;

import java.util.Locale;

/**
 * A commit that is never deployed to an Environment.
 *
 * @param commit full in the state folder, 7 to 40 hex in YAML
 * @param reason why; null when none
 */
public record Veto(String commit, String reason) {

  public Veto {
    if (commit == null || commit.isBlank()) {
      throw new IllegalArgumentException("a veto needs a commit");
    }
  }

  /**
   * Whether this veto and {@code commit} name the same commit, either possibly short: one prefixes
   * the other. What {@code unveto} lifts.
   */
  public boolean sameCommit(String commit) {
    String mine = this.commit.toLowerCase(Locale.ROOT);
    String other = commit.toLowerCase(Locale.ROOT);
    return mine.startsWith(other) || other.startsWith(mine);
  }

  /** Whether this veto names {@code fullCommit} (a short veto matches the commits it prefixes). */
  public boolean matches(String fullCommit) {
    return fullCommit != null
        && fullCommit.toLowerCase(Locale.ROOT).startsWith(commit.toLowerCase(Locale.ROOT));
  }
}
