package dev.capstan.backup;

/** Listing or pruning backups failed on a host; the message says which step, how and why. */
public class BackupException extends Exception {

  public BackupException(String message) {
    super(message);
  }
}
