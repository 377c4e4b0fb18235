package dev.capstan.release;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which release a host goes back to in a rollback, as {@code capstan_rollback_pick} takes it: the
 * host picks it itself, so choosing costs no round trip.
 *
 * @param kind {@code previous}, {@code commit} or {@code release}, as {@code capstan_rollback_pick}
 *     takes it
 * @param value the commit (full or a prefix) or release name; null for {@code previous}
 * @param excluded commits (full or prefixes) {@code previous} skips: the vetoed ones, the one left
 */
public record RollbackTarget(String kind, String value, List<String> excluded) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,40}");

  public RollbackTarget {
    excluded = List.copyOf(excluded);
    excluded.forEach(RollbackTarget::requireHex);
  }

  /** The release live before the current one whose commit none of {@code excluded} names. */
  public static RollbackTarget previous(List<String> excluded) {
    return new RollbackTarget("previous", null, excluded);
  }

  /** The newest complete release of {@code commit} (full, or a prefix of one). */
  public static RollbackTarget commit(String commit) {
    return new RollbackTarget(
        "commit", requireHex(commit.toLowerCase(java.util.Locale.ROOT)), List.of());
  }

  /** The release named {@code release}. */
  public static RollbackTarget release(String release) {
    if (!ReleaseLayout.isReleaseName(release)) {
      throw new IllegalArgumentException("not a release name: " + release);
    }
    return new RollbackTarget("release", release, List.of());
  }

  List<String> args() {
    List<String> args = new ArrayList<>(List.of(kind));
    if (value != null) {
      args.add(value);
    }
    args.addAll(excluded);
    return args;
  }

  /** Whether this target is (a prefix of) {@code commit}: a rollback to what it leaves. */
  public boolean names(String commit) {
    return "commit".equals(kind) && commit.startsWith(value);
  }

  /** For a person: {@code the previous release}, {@code commit 3f2a9c1}. */
  public String describe() {
    return switch (kind) {
      case "previous" -> "the release live before the current one";
      case "commit" -> "commit " + value.substring(0, Math.min(7, value.length()));
      default -> "release " + value;
    };
  }

  /** A commit as a host's {@code REVISION} holds it: 4 to 40 lower-case hex digits. */
  static String requireHex(String commit) {
    if (!HEX.matcher(commit).matches()) {
      throw new IllegalArgumentException("not a commit (4 to 40 hex digits): " + commit);
    }
    return commit;
  }
}
