package dev.capstan.reconcile;

import dev.capstan.backup.Backup;
import dev.capstan.backup.BackupResult;

/**
 * An Environment's backups as its status shows them: the last one taken (verified or why not) and
 * the last one that verified.
 *
 * @param lastBackup null until one was taken
 * @param lastVerifiedBackup null until one verified
 */
public record BackupStatus(Entry lastBackup, Entry lastVerifiedBackup) {

  /**
   * One backup.
   *
   * @param result {@code verified}, {@code not verified}, or {@code failed: why}
   */
  public record Entry(String name, String takenAt, String result) {

    static Entry of(Backup backup) {
      return new Entry(backup.name(), backup.takenAt(), backup.verificationText());
    }
  }

  /** The status the backups on a host show, newest first; null entries when there are none. */
  public static BackupStatus of(java.util.List<Backup> newestFirst) {
    Entry last = newestFirst.isEmpty() ? null : Entry.of(newestFirst.get(0));
    Entry verified =
        newestFirst.stream().filter(Backup::verifiedOk).findFirst().map(Entry::of).orElse(null);
    return new BackupStatus(last, verified);
  }

  /** This status after {@code result} ({@code previous} null: none before). */
  static BackupStatus after(BackupStatus previous, BackupResult result, String at) {
    Entry verified = previous == null ? null : previous.lastVerifiedBackup();
    if (result.nothingYet()) {
      return previous;
    }
    Entry last =
        result.backup() == null
            ? new Entry(null, at, "failed: " + result.failure())
            : result.ok()
                ? Entry.of(result.backup())
                : new Entry(
                    result.backup().name(),
                    result.backup().takenAt(),
                    "failed: " + result.failure());
    if (result.ok() && result.backup().verifiedOk()) {
      verified = Entry.of(result.backup());
    }
    return new BackupStatus(last, verified);
  }
}
