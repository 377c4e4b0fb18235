package dev.capstan.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which shard Leases one replica should take, keep and give back: pure, so that every case is a row
 * of a table test. Each shard goes to the live replica that wins rendezvous hashing for it, so a
 * replica that joins or dies moves only the shards it wins or held. A replica takes a shard only
 * when it is the assignee and the shard's Lease is free, expired or already its own; it gives back
 * every shard it holds but no longer wins. The Lease is the fence: the new assignee waits until the
 * old holder has stopped and released (or its Lease expired), so no two replicas ever own a shard
 * at once even while their views of who is alive differ (argo-cd #21975). The assignment is
 * computed afresh from the live replicas at every step, never cached from an earlier count (argo-cd
 * #24147).
 */
final class ShardPlanner {

  private ShardPlanner() {}

  /**
   * A shard Lease as read.
   *
   * @param holder its holder identity; null when released
   * @param renewed when it was last renewed; null when never
   * @param duration how long it lasts from {@code renewed}
   */
  record LeaseState(String holder, Instant renewed, Duration duration) {
    static final LeaseState FREE = new LeaseState(null, null, Duration.ZERO);

    /** Its holder while the Lease runs; null when free or expired. */
    String holderAt(Instant now) {
      if (holder == null || renewed == null || duration == null) {
        return null;
      }
      return renewed.plus(duration).isAfter(now) ? holder : null;
    }
  }

  /**
   * What to do now.
   *
   * @param assignees every shard's assignee
   * @param hold shards to acquire or renew
   * @param release shards held but assigned elsewhere: stop their work, then release them
   * @param waiting shards assigned to this replica that another one still holds
   */
  record Plan(
      Map<Integer, String> assignees,
      SortedSet<Integer> hold,
      SortedSet<Integer> release,
      SortedSet<Integer> waiting) {}

  /**
   * @param self this replica's identity, counted as live whatever {@code live} says
   * @param live the identities whose heartbeat Lease runs
   * @param shards how many shards there are
   * @param leases each shard's Lease; a missing shard is free
   */
  static Plan plan(
      String self,
      Collection<String> live,
      int shards,
      Map<Integer, LeaseState> leases,
      Instant now) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, not " + shards);
    }
    SortedSet<String> members = new TreeSet<>(live);
    members.add(self);
    Map<Integer, String> assignees = new TreeMap<>();
    SortedSet<Integer> hold = new TreeSet<>();
    SortedSet<Integer> release = new TreeSet<>();
    SortedSet<Integer> waiting = new TreeSet<>();
    for (int shard = 0; shard < shards; shard++) {
      String assignee = assignee(members, shard);
      assignees.put(shard, assignee);
      String holder = leases.getOrDefault(shard, LeaseState.FREE).holderAt(now);
      if (assignee.equals(self)) {
        if (holder == null || holder.equals(self)) {
          hold.add(shard);
        } else {
          waiting.add(shard);
        }
      } else if (self.equals(holder)) {
        release.add(shard);
      }
    }
    return new Plan(assignees, hold, release, waiting);
  }

  /** The member with the highest hash of (member, shard); ties, which need a collision, by name. */
  static String assignee(SortedSet<String> members, int shard) {
    String best = null;
    long bestScore = 0;
    for (String member : members) {
      long score = hash(member + "\u0000" + shard);
      if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
        best = member;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * The shard of a host group: the same set of hosts, in any order, always lands on the same shard,
   * so one replica holds the SSH sessions to those hosts.
   */
  static int shardOf(Collection<String> hosts, int shards) {
    return (int) Long.remainderUnsigned(hash(String.join("\n", new TreeSet<>(hosts))), shards);
  }

  /** The first 8 bytes of SHA-256: the same on every replica and JVM, and well spread. */
  static long hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
