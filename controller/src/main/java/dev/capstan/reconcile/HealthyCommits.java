package dev.capstan.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when each Environment has run its commit Ready on every host, as this controller saw its
 * statuses: what {@link Promotion} measures {@code healthyFor} against. Kept in memory on purpose:
 * after a restart the clock starts again, so a promotion waits longer, never less.
 */
final class HealthyCommits {

  private record Healthy(String commit, Instant since) {}

  private final Map<String, Healthy> healthy = new ConcurrentHashMap<>();

  /**
   * Takes in a status just recorded at {@code now}: whether it made a commit newly healthy (so the
   * Environments that promote from it have a new clock to wait on).
   */
  boolean observe(EnvironmentStatus status, Instant now) {
    String commit = Promotion.healthyCommit(status);
    if (commit == null) {
      healthy.remove(status.name());
      return false;
    }
    Healthy before = healthy.get(status.name());
    if (before != null && before.commit().equals(commit)) {
      return false;
    }
    healthy.put(status.name(), new Healthy(commit, now));
    return true;
  }

  /**
   * Since when {@code environment} has run {@code commit} healthy; null when it runs another one or
   * none. What a promotion should ask with the commit it read from the source's status: that status
   * is put in place just before {@link #observe} sees it, so another worker can read the new commit
   * while this still holds the old commit's clock.
   */
  Instant since(String environment, String commit) {
    Healthy known = healthy.get(environment);
    return known == null || !known.commit().equals(commit) ? null : known.since();
  }

  void forget(String environment) {
    healthy.remove(environment);
  }
}
