package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When an Environment that needs a person is tried again: on a change of its inputs, or late. */
class StallTest {

  private static final Instant T0 = Instant.parse("2026-12-01T21:00:00Z");

  @Test
  void holdsWhileNothingChangesForAnHour() {
    Stall stall = Stall.of(Reason.HostKeyRefused, "abc", T0);

    assertTrue(stall.holds("abc", T0.plusSeconds(60)));
    assertTrue(stall.holds("abc", T0.plus(Duration.ofMinutes(59))));
  }

  @Test
  void liftsWhenTheCredentialsFilesChange() {
    assertFalse(Stall.of(Reason.HostKeyRefused, "abc", T0).holds("abd", T0.plusSeconds(1)));
  }

  @Test
  void liftsWhenTheCapPasses() {
    assertFalse(Stall.of(Reason.LoginRefused, "abc", T0).holds("abc", T0.plus(Stall.CAP)));
  }

  @Test
  void onlyRefusedAccessStallsAWholeEnvironment() {
    assertTrue(Reason.HostKeyRefused.refusesAccess() && Reason.HostKeyRefused.stalled());
    assertTrue(Reason.LoginRefused.refusesAccess() && Reason.CredentialMissing.refusesAccess());
    assertFalse(Reason.BuildFailed.refusesAccess(), "a failed commit is held back, not stalled");
    assertFalse(
        Reason.Unreachable.stalled() || Reason.LockBusy.stalled() || Reason.Timeout.stalled(),
        "these pass by themselves: retried with backoff");
  }
}
