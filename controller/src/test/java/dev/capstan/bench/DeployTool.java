package dev.capstan.bench;

/**
 * One deployment tool driving the fleet's hosts in its own deploy folder; every operation is a real
 * process, timed from start to exit, in seconds.
 */
interface DeployTool {

  Tool tool();

  /** Builds and makes {@code commit} live on every host, with the whole recipe. */
  double deploy(String commit);

  /** Checks that every host runs {@code commit} (Capstan: {@code apply} with nothing to do). */
  double check(String commit);

  /** Makes the release before the live one live again; it runs {@code previousCommit}. */
  double rollback(String previousCommit);
}
