package dev.capstan.bench;

/**
 * One deployment tool driving the fleet's hosts in its own deploy folder; every operation is a real
 * process, timed from start to exit, with the CPU it used.
 */
interface DeployTool {

  Tool tool();

  /** Builds and makes {@code commit} live on every host, with the whole recipe. */
  Timing deploy(String commit);

  /** Checks that every host runs {@code commit} (Capstan: {@code apply} with nothing to do). */
  Timing check(String commit);

  /** Makes the release before the live one live again; it runs {@code previousCommit}. */
  Timing rollback(String previousCommit);
}
