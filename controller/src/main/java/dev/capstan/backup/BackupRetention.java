package dev.capstan.backup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which backups to delete, as a pure function: the newest {@code keep} stay, and so does, for each
 * retained release, the newest backup whose migrations are exactly those that release knows (what
 * its rollback would need if reversing migrations went wrong), a verified one before one that is
 * not.
 */
public final class BackupRetention {

  private BackupRetention() {}

  /**
   * @param newestFirst every backup on the host, newest first
   * @param keep how many of the newest to keep, at least 1
   * @param knownByRetainedRelease the migrations ({@code app.name}) each retained release knows
   * @return the names to delete, newest first
   */
  public static List<BackupName> toDelete(
      List<Backup> newestFirst, int keep, Collection<Set<String>> knownByRetainedRelease) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1: " + keep);
    }
    Set<String> kept = new LinkedHashSet<>();
    newestFirst.stream().limit(keep).forEach(b -> kept.add(b.name()));
    for (Set<String> known : knownByRetainedRelease) {
      kept.addAll(neededFor(newestFirst, known));
    }
    List<BackupName> delete = new ArrayList<>();
    for (Backup backup : newestFirst) {
      if (!kept.contains(backup.name())) {
        delete.add(new BackupName(backup.name()));
      }
    }
    return delete;
  }

  /** The newest backup whose migrations are {@code known}, verified first; none, or one. */
  static List<String> neededFor(List<Backup> newestFirst, Set<String> known) {
    List<Backup> matching =
        newestFirst.stream().filter(b -> b.migrationSet().equals(known)).toList();
    return matching.stream()
        .filter(Backup::verifiedOk)
        .findFirst()
        .or(() -> matching.stream().findFirst())
        .map(b -> List.of(b.name()))
        .orElse(List.of());
  }
}
