package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When an Environment is looked at again, given its report. */
class NextReconcileTest {

  private static final Duration DRIFT = Duration.ofMinutes(5);
  private static final Duration POLL = Duration.ofMinutes(1);

  @Test
  void convergedLooksAgainAfterTheDriftInterval() {
    assertEquals(
        WorkQueue.Result.requeueAfter(DRIFT),
        NextReconcile.after(
            Reports.of("c", Reports.host("web1", HostState.Ready, (String) null)), DRIFT, POLL));
  }

  @Test
  void aFollowedBranchIsPolledSoonerWhenItsPollIntervalIsShorter() {
    RolloutReport report =
        Reports.followingBranch(Reports.host("web1", HostState.Ready, (String) null));

    assertEquals(WorkQueue.Result.requeueAfter(POLL), NextReconcile.after(report, DRIFT, POLL));
    assertEquals(
        WorkQueue.Result.requeueAfter(DRIFT),
        NextReconcile.after(report, DRIFT, Duration.ofHours(1)));
  }

  @Test
  void heldBackOnPurposeIsNoFailure() {
    RolloutReport report =
        Reports.heldBack(
            "release R1 of this commit failed on web1",
            Reports.host("web1", HostState.Pending, "waiting"));

    assertEquals(WorkQueue.Result.requeueAfter(DRIFT), NextReconcile.after(report, DRIFT, POLL));
  }

  @Test
  void aFailedHostBacksOffWithTheFirstProblem() {
    RolloutReport report =
        Reports.of(
            "c",
            Reports.host("web1", HostState.Ready, (String) null),
            Reports.host("web2", HostState.Unreachable, "connection refused"),
            Reports.host("web3", HostState.Waiting, "locked by capstan@other"));

    assertEquals(
        WorkQueue.Result.failed("web2: Unreachable: connection refused"),
        NextReconcile.after(report, DRIFT, POLL));
  }

  @Test
  void aStalledHostIsLookedAtAfterTheDriftIntervalWithoutBackoff() {
    RolloutReport report =
        Reports.of(
            "c",
            Reports.host(
                "web1", HostState.Failed, "commit c: build[0] `make` exited with status 2"));

    assertEquals(WorkQueue.Result.requeueAfter(DRIFT), NextReconcile.after(report, DRIFT, POLL));
  }

  @Test
  void aRolloutErrorBacksOffWithThatError() {
    assertEquals(
        WorkQueue.Result.failed("revision nope not found"),
        NextReconcile.after(Reports.failed("revision nope not found"), DRIFT, POLL));
  }
}
