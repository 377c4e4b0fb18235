package dev.capstan.release;

import dev.capstan.migrations.MigrationCheck;

/**
 * What a rollback did on one host ({@link HostRollback}).
 *
 * @param release the release picked, null when none
 * @param commit its commit, null when none
 * @param left the release live before, null when none
 * @param message why it did not switch, or null
 * @param observed the host as the command saw it under the lock
 * @param migrations what the migrations check found, null when none ran
 */
public record RollbackOutcome(
    Result result,
    String release,
    String commit,
    String left,
    String message,
    ObservedHost observed,
    MigrationCheck migrations) {

  RollbackOutcome(
      Result result,
      String release,
      String commit,
      String left,
      String message,
      ObservedHost observed) {
    this(result, release, commit, left, message, observed, null);
  }

  public boolean rolledBack() {
    return result == Result.SWITCHED || result == Result.ALREADY_LIVE;
  }

  /** How it ended on the host. */
  public enum Result {
    /** {@code current} names the target now, its services run it and it is healthy. */
    SWITCHED,
    /** The target was live already (and is healthy). */
    ALREADY_LIVE,
    /** Another deployer holds the lock: nothing was done. */
    BUSY,
    /** The host has no such release, complete: nothing was done. */
    NO_TARGET,
    /**
     * The database has migrations the release picked lacks ({@link RollbackOutcome#migrations}):
     * nothing was switched; they are to be reversed (or the rollback refused) first.
     */
    MIGRATIONS_TO_REVERSE,
    /**
     * The switch, the services or the check failed; the host went back where it was if it could.
     */
    FAILED
  }
}
