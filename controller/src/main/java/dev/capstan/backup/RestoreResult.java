package dev.capstan.backup;

/**
 * How a restore went.
 *
 * @param replaced the backup taken of the live database before it was replaced (verified); null
 *     when none was written
 * @param restored the backup now in place of the live database; null when it was not restored
 * @param failure null when it was restored; else which step failed, its exit status and the tail of
 *     its stderr, never the database URL. The live database is unchanged unless {@code restored} is
 *     set.
 */
public record RestoreResult(Backup replaced, BackupName restored, String failure) {

  public boolean ok() {
    return failure == null;
  }
}
