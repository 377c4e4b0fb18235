package dev.capstan.backup;

/**
 * How taking (and verifying) a backup went.
 *
 * @param backup its sidecar as last recorded (with the verification result when verified); null
 *     when no backup was written
 * @param failure null when it succeeded (and verified, when asked); else which step failed, its
 *     exit status and the tail of its stderr, never the database URL
 */
public record BackupResult(Backup backup, String failure) {

  /** No database to back up yet: nothing lost, nothing taken. */
  public static final BackupResult NOTHING_YET = new BackupResult(null, null);

  public boolean nothingYet() {
    return backup == null && failure == null;
  }

  public boolean ok() {
    return failure == null;
  }
}
