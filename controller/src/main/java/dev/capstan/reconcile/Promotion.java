package dev.capstan.reconcile;

import dev.capstan.model.PromoteFrom;
import java.time.Duration;
import java.time.Instant;

/**
 * Which commit an Environment with {@code promoteFrom} deploys: the commit its source runs Ready on
 * every host, once it has done so for {@code healthyFor}. A commit that failed there (held back) or
 * is vetoed there is never promoted, however long the source then runs something else. Pure.
 */
public final class Promotion {

  /**
   * The outcome.
   *
   * @param commit the commit to promote; null while none is promotable yet
   * @param waitFor how long until the source's commit has been healthy long enough; null when
   *     waiting would not help (the source is not Ready, or its commit may not be promoted)
   * @param note what status says while nothing is promoted; null once a commit is
   */
  public record Decision(String commit, Duration waitFor, String note) {}

  private Promotion() {}

  /**
   * @param source the source Environment's last status; null when it has none yet
   * @param healthySince since when the source has run its commit Ready on every host; null when it
   *     does not
   */
  public static Decision decide(
      PromoteFrom from, EnvironmentStatus source, Instant healthySince, Instant now) {
    String name = from.environment();
    String commit = source == null ? null : healthyCommit(source);
    if (commit == null || healthySince == null) {
      return new Decision(
          null, null, "waiting for " + name + " to run a commit Ready on every host");
    }
    if (commit.equals(source.failedCommit())) {
      return new Decision(null, null, short7(commit) + " failed on " + name + ": not promoted");
    }
    if (source.veto().stream().anyMatch(v -> commit.startsWith(v.commit()))) {
      return new Decision(null, null, short7(commit) + " is vetoed on " + name + ": not promoted");
    }
    Duration healthy = Duration.between(healthySince, now);
    if (healthy.compareTo(from.healthyFor()) < 0) {
      Duration wait = from.healthyFor().minus(healthy);
      return new Decision(
          null,
          wait,
          "waiting for "
              + short7(commit)
              + " to run Ready on "
              + name
              + " for "
              + dev.capstan.model.DurationText.format(from.healthyFor())
              + " ("
              + dev.capstan.model.DurationText.format(wait)
              + " to go)");
    }
    return new Decision(commit, null, null);
  }

  /**
   * The commit every host of {@code status} runs while it is Ready and not Degraded; null
   * otherwise.
   */
  static String healthyCommit(EnvironmentStatus status) {
    boolean ready =
        status.conditions().stream()
            .anyMatch(c -> c.type().equals(Condition.READY) && c.status() == ConditionStatus.True);
    boolean degraded =
        status.conditions().stream()
            .anyMatch(
                c -> c.type().equals(Condition.DEGRADED) && c.status() == ConditionStatus.True);
    if (!ready || degraded || status.commit() == null || status.hosts().isEmpty()) {
      return null;
    }
    boolean everyHost =
        status.hosts().stream()
            .allMatch(h -> status.commit().equals(h.commit()) && h.state() == HostState.Ready);
    return everyHost ? status.commit() : null;
  }

  private static String short7(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
