package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.Environment;
import dev.capstan.model.EnvironmentSpec;
import dev.capstan.model.HostAddress;
import dev.capstan.model.PromoteFrom;
import dev.capstan.model.RolloutSpec;
import dev.capstan.model.Veto;
import dev.capstan.model.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure rules of promotion and deploy windows that the controller applies before a pass. */
class PromotionAndGateTest {

  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final PromoteFrom FROM = new PromoteFrom("staging", Duration.ofSeconds(10));

  @Test
  void promotesTheSourcesCommitOnceHealthyLongEnough() {
    assertEquals(A, Promotion.decide(FROM, ready(A), NOW.minusSeconds(10), NOW).commit());
    Promotion.Decision early = Promotion.decide(FROM, ready(A), NOW.minusSeconds(4), NOW);
    assertNull(early.commit());
    assertEquals(Duration.ofSeconds(6), early.waitFor());
    assertTrue(early.note().contains("6 s to go"), early.note());
  }

  @Test
  void neverPromotesAFailedOrVetoedOrUnhealthyCommit() {
    EnvironmentStatus failed = ready(A);
    failed =
        new EnvironmentStatus(
            failed.name(), "main", A, A, failed.conditions(), failed.hosts(), null, NOW);
    assertTrue(
        Promotion.decide(FROM, failed, NOW.minusSeconds(60), NOW).note().contains("failed on"));
    EnvironmentStatus vetoed =
        ready(A).withPins(null, List.of(new Veto(A.substring(0, 7), "bad")), null);
    assertTrue(Promotion.decide(FROM, vetoed, NOW.minusSeconds(60), NOW).note().contains("vetoed"));
    assertNull(Promotion.decide(FROM, progressing(A), NOW.minusSeconds(60), NOW).commit());
    assertNull(Promotion.decide(FROM, null, null, NOW).commit());
  }

  @Test
  void aPromotingEnvironmentStaysOnItsLiveCommitWhileWaiting() {
    Environment production = environment(null, FROM, List.of());
    RolloutGate.Gated waiting =
        RolloutGate.gate(production, B, ready(A), NOW.minusSeconds(2), NOW, r -> r);
    assertEquals(B, waiting.environment().spec().revision(), "drift still corrected on B");
    assertEquals(Duration.ofSeconds(8), waiting.recheckAfter());
    assertEquals("promoteFrom staging", waiting.hold().pendingRevision());
    RolloutGate.Gated nothingLive =
        RolloutGate.gate(production, null, ready(A), NOW.minusSeconds(2), NOW, r -> r);
    assertNull(nothingLive.environment(), "nothing to run before a first promotion");
    RolloutGate.Gated due =
        RolloutGate.gate(production, B, ready(A), NOW.minusSeconds(11), NOW, r -> r);
    assertEquals(A, due.environment().spec().revision());
    assertNull(due.hold());
  }

  @Test
  void aDenyWindowHoldsANewRevisionButNotTheLiveOne() {
    // Daily from 09:30 UTC for an hour: active at 10:00, opens again at 10:30.
    WindowSpec deny =
        new WindowSpec(WindowSpec.Kind.DENY, "30 9 * * *", Duration.ofHours(1), ZoneOffset.UTC);
    Environment environment = environment("main", null, List.of(deny));
    RolloutGate.Gated held = RolloutGate.gate(environment, B, null, null, NOW, r -> A);
    assertEquals(B, held.environment().spec().revision(), "stays on the live commit");
    assertEquals(A, held.hold().pendingCommit());
    assertEquals(Instant.parse("2026-12-02T10:30:00Z"), held.hold().nextOpenAt());
    assertEquals(Duration.ofMinutes(30), held.recheckAfter());
    RolloutGate.Gated live = RolloutGate.gate(environment, A, null, null, NOW, r -> A);
    assertNull(live.hold(), "the live commit is drift correction, never held");
    RolloutGate.Gated after =
        RolloutGate.gate(environment, B, null, null, NOW.plus(Duration.ofMinutes(31)), r -> A);
    assertEquals("main", after.environment().spec().revision());
  }

  private static Environment environment(
      String revision, PromoteFrom from, List<WindowSpec> windows) {
    EnvironmentSpec spec =
        new EnvironmentSpec(
            "app",
            revision,
            List.of(HostAddress.LOCAL_HOST),
            null,
            RolloutSpec.DEFAULT,
            Duration.ofSeconds(30),
            false,
            null,
            null,
            windows,
            List.of(),
            from);
    return new Environment("production", spec, Path.of("."));
  }

  private static EnvironmentStatus ready(String commit) {
    return status(commit, ConditionStatus.True);
  }

  private static EnvironmentStatus progressing(String commit) {
    return status(commit, ConditionStatus.False);
  }

  private static EnvironmentStatus status(String commit, ConditionStatus ready) {
    return new EnvironmentStatus(
        "staging",
        "main",
        commit,
        null,
        List.of(new Condition(Condition.READY, ready, Reason.Converged, "", NOW)),
        List.of(
            new HostStatus(
                "h1",
                "r1",
                commit,
                HostState.Ready,
                Reason.Converged,
                null,
                null,
                null,
                null,
                null,
                0)),
        null,
        NOW);
  }
}
