package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.release.Action.RemoveRelease;
import dev.capstan.release.Action.Why;
import dev.capstan.services.ObservedProcesses;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which releases are good, for rollback and retention: a release that failed on any host of the
 * Environment is good on none (a host of a later batch may hold a complete copy it never switched
 * to), and {@code keepReleases} counts only releases that were live. Pure.
 */
class GoodReleasesTest {

  private static final String C0 = "0000000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String C1 = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String C2 = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String C3 = "3333333ccccccccccccccccccccccccccccccccc";
  private static final String RECIPE = "abcdef012345";
  private static final Instant NOW = Instant.parse("2026-11-21T12:30:45Z");
  private static final String R0 = "20261031000000-0000000";
  private static final String R1 = "20261101000000-1111111";
  private static final String R2 = "20261102000000-2222222";

  /** Host b of two batches: R2 failed its health check on host a, so b never switched to it. */
  private static ObservedHost secondBatchHost(Set<String> wasLive) {
    return new ObservedHost(
        "b",
        "releases/" + R1,
        List.of(complete(R0, C0), complete(R1, C1), complete(R2, C2)),
        null,
        0,
        List.of(),
        List.of(),
        ObservedProcesses.NONE,
        Map.of(),
        wasLive);
  }

  @Test
  void aReleaseThatFailedOnAnotherHostIsNoTargetAndNotKept() {
    HostPlan plan = plan(C3, Set.of(R0, R1), 5, Set.of(R2));
    assertEquals(R1, plan.switchRelease().orElseThrow().rollbackTo(), "rolls back to R1, not R2");
    assertEquals(List.of(new RemoveRelease(R2, Why.FAILED_ELSEWHERE)), plan.removals());
  }

  @Test
  void loweringKeepReleasesKeepsThePreviousGoodReleaseNotTheFailedOne() {
    HostPlan plan = plan(C1, Set.of(R0, R1), 2, Set.of(R2));
    assertEquals(
        List.of(new RemoveRelease(R2, Why.FAILED_ELSEWHERE)),
        plan.removals(),
        "keepReleases 2: the live R1 and the previous good R0 stay");
  }

  @Test
  void aCommitThatFailedElsewhereIsBuiltAnewRatherThanSwitchedToItsCopy() {
    HostPlan plan = plan(C2, Set.of(R0, R1), 5, Set.of(R2));
    assertTrue(plan.build().isPresent(), plan.actions().toString());
    assertTrue(!plan.target().equals(R2));
  }

  @Test
  void releasesThatWereLiveAreKeptBeforeOnesNeverLive() {
    HostPlan plan = plan(C1, Set.of(R0, R1), 2, Set.of());
    assertEquals(
        List.of(new RemoveRelease(R2, Why.NEVER_LIVE)),
        plan.removals(),
        "keepReleases 2: the live R1 and R0, once live, before the newer R2 that never was");
    assertTrue(Why.NEVER_LIVE.removesComplete(), "removed only after a pass that switched all");
    HostPlan roomy = plan(C1, Set.of(R0, R1), 3, Set.of());
    assertTrue(roomy.removals().isEmpty(), "with room left, a never-live release stays");
  }

  /** Plans host b for commit {@code commit}, no config files or services. */
  private static HostPlan plan(
      String commit, Set<String> wasLive, int keepReleases, Set<String> failedInEnvironment) {
    return ReleasePlanner.plan(
        new DesiredRelease(commit, RECIPE),
        secondBatchHost(wasLive),
        keepReleases,
        NOW,
        Map.of(),
        null,
        failedInEnvironment);
  }

  private static ObservedRelease complete(String name, String commit) {
    return new ObservedRelease(name, commit, RECIPE, ReleaseState.COMPLETE);
  }
}
