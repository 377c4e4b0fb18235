package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.kube.ShardPlanner.LeaseState;
import dev.capstan.kube.ShardPlanner.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shard planner as a table: live replicas and Lease states in, what to hold and release out.
 */
class ShardPlannerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
  private static final Duration LEASE = Duration.ofSeconds(2);

  private static LeaseState held(String holder) {
    return new LeaseState(holder, NOW.minusSeconds(1), LEASE);
  }

  private static LeaseState expired(String holder) {
    return new LeaseState(holder, NOW.minusSeconds(3), LEASE);
  }

  /** The one shard of a single-shard table goes to whoever wins it among these members. */
  private static String winner(String... members) {
    return ShardPlanner.assignee(new TreeSet<>(List.of(members)), 0);
  }

  static Stream<Arguments> oneShard() {
    String a = "replica-a";
    String b = "replica-b";
    String w = winner(a, b);
    String l = w.equals(a) ? b : a;
    return Stream.of(
        // self, live, lease of shard 0, expected hold, release, waiting
        Arguments.of("alone, free: take it", a, List.of(), null, Set.of(0), Set.of(), Set.of()),
        Arguments.of("alone, own: renew", a, List.of(a), held(a), Set.of(0), Set.of(), Set.of()),
        Arguments.of(
            "alone, a dead holder's Lease runs: wait",
            a,
            List.of(),
            held(b),
            Set.of(),
            Set.of(),
            Set.of(0)),
        Arguments.of(
            "alone, dead holder's Lease expired: take over",
            a,
            List.of(),
            expired(b),
            Set.of(0),
            Set.of(),
            Set.of()),
        Arguments.of(
            "assignee, loser still holds: wait for its release",
            w,
            List.of(a, b),
            held(l),
            Set.of(),
            Set.of(),
            Set.of(0)),
        Arguments.of(
            "loser holds: release to the assignee",
            l,
            List.of(a, b),
            held(l),
            Set.of(),
            Set.of(0),
            Set.of()),
        Arguments.of("loser, free: leave it", l, List.of(a, b), null, Set.of(), Set.of(), Set.of()),
        Arguments.of(
            "loser, its own Lease expired: nothing to release",
            l,
            List.of(a, b),
            expired(l),
            Set.of(),
            Set.of(),
            Set.of()),
        Arguments.of(
            "assignee, released Lease: take it",
            w,
            List.of(a, b),
            new LeaseState(null, null, LEASE),
            Set.of(0),
            Set.of(),
            Set.of()),
        Arguments.of(
            "self missing from live (heartbeat not listed yet) still counts",
            a,
            List.of(b),
            null,
            winner(a, b).equals(a) ? Set.of(0) : Set.of(),
            Set.of(),
            Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneShard")
  void oneShardTable(
      String why,
      String self,
      List<String> live,
      LeaseState lease,
      Set<Integer> hold,
      Set<Integer> release,
      Set<Integer> waiting) {
    Map<Integer, LeaseState> leases = new HashMap<>();
    if (lease != null) {
      leases.put(0, lease);
    }
    Plan plan = ShardPlanner.plan(self, live, 1, leases, NOW);
    assertEquals(hold, plan.hold(), why + ": hold");
    assertEquals(release, plan.release(), why + ": release");
    assertEquals(waiting, plan.waiting(), why + ": waiting");
  }

  @Test
  void everyShardHasExactlyOneAssigneeAndEveryReplicaAgrees() {
    List<String> live = List.of("r-0", "r-1", "r-2");
    Map<Integer, Integer> holders = new HashMap<>();
    for (String self : live) {
      Plan plan = ShardPlanner.plan(self, live, 16, Map.of(), NOW);
      assertEquals(ShardPlanner.plan("r-0", live, 16, Map.of(), NOW).assignees(), plan.assignees());
      plan.hold().forEach(shard -> holders.merge(shard, 1, Integer::sum));
    }
    assertEquals(16, holders.size());
    assertTrue(holders.values().stream().allMatch(n -> n == 1), holders.toString());
  }

  @Test
  void aReplicaThatDiesMovesOnlyItsOwnShards() {
    List<String> three = List.of("r-0", "r-1", "r-2");
    Map<Integer, String> before = ShardPlanner.plan("r-0", three, 64, Map.of(), NOW).assignees();
    Map<Integer, String> after =
        ShardPlanner.plan("r-0", List.of("r-0", "r-1"), 64, Map.of(), NOW).assignees();
    before.forEach(
        (shard, owner) -> {
          if (!owner.equals("r-2")) {
            assertEquals(owner, after.get(shard), "shard " + shard + " stays where it was");
          }
        });
    assertTrue(before.containsValue("r-2"), "r-2 had shards to move");
  }

  @Test
  void aHostGroupIsOneShardWhateverTheOrder() {
    assertEquals(
        ShardPlanner.shardOf(List.of("deploy@web1:22", "deploy@web2:22"), 16),
        ShardPlanner.shardOf(List.of("deploy@web2:22", "deploy@web1:22"), 16));
    assertThrows(
        IllegalArgumentException.class, () -> ShardPlanner.plan("a", List.of(), 0, Map.of(), NOW));
  }
}
