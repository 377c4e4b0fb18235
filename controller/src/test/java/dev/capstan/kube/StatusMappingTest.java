package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Environment resource's status says for a recorded status. */
class StatusMappingTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-01T10:05:00Z");
  private static final Instant T2 = Instant.parse("2026-12-01T10:06:00Z");

  @Test
  void aChangedSpecRollingOutIsNotReady() {
    EnvironmentStatus rolling = status(T1,
        new Condition(Condition.READY, "True", Condition.REASON_CONVERGED, "all 1 hosts run a", T0),
        new Condition(Condition.PROGRESSING, "True", Condition.REASON_ROLLING_OUT,
            "rolling out revision b", T1));

    EnvironmentResourceStatus shown = StatusMapping.toResource(rolling, 2L, 1, null, T1);

    ConditionEntry ready = condition(shown, Condition.READY);
    assertEquals(ConditionEntry.Status.False, ready.status());
    assertEquals(Condition.REASON_ROLLING_OUT, ready.reason());
    assertEquals("rolling out revision b", ready.message());
    assertEquals(T1.toString(), ready.lastTransitionTime());
    assertEquals(EnvironmentResourceStatus.Phase.Progressing, shown.phase());
    assertEquals(2L, shown.observedGeneration());
  }

  @Test
  void readyAgainAfterRollingOutTransitionsNowThoughTheRecordKeptAnOlderTime() {
    EnvironmentResourceStatus rolling = StatusMapping.toResource(status(T1,
        new Condition(Condition.READY, "True", Condition.REASON_CONVERGED, "", T0),
        new Condition(Condition.PROGRESSING, "True", Condition.REASON_ROLLING_OUT, "", T1)),
        2L, 1, null, T1);

    EnvironmentResourceStatus done = StatusMapping.toResource(status(T2,
        new Condition(Condition.READY, "True", Condition.REASON_CONVERGED, "", T0),
        new Condition(Condition.PROGRESSING, "False", Condition.REASON_CONVERGED, "", T2)),
        2L, 1, rolling, T2);

    assertEquals(T2.toString(), condition(done, Condition.READY).lastTransitionTime());
  }

  @Test
  void aConditionWhoseStatusStaysKeepsTheTimeShown() {
    EnvironmentResourceStatus shown = StatusMapping.toResource(status(T1,
        new Condition(Condition.READY, "True", Condition.REASON_CONVERGED, "", T1)),
        1L, 1, null, T1);

    EnvironmentResourceStatus again = StatusMapping.toResource(status(T2,
        new Condition(Condition.READY, "True", Condition.REASON_CONVERGED, "", T0)),
        1L, 1, shown, T2);

    assertEquals(T1.toString(), condition(again, Condition.READY).lastTransitionTime());
  }

  @Test
  void onlyLastReconcileChangingIsTheSameReport() {
    Condition ready = new Condition(Condition.READY, "True", Condition.REASON_CONVERGED, "", T0);
    EnvironmentResourceStatus first = StatusMapping.toResource(status(T1, ready), 1L, 1, null, T1);
    EnvironmentResourceStatus second =
        StatusMapping.toResource(status(T2, ready), 1L, 1, first, T2);

    assertFalse(first.equals(second), "lastReconcile moved");
    assertTrue(StatusMapping.sameReport(first, second));
    assertFalse(StatusMapping.sameReport(first, StatusMapping.toResource(
        status(T2, ready), 2L, 1, first, T2)), "observedGeneration moved");
  }

  @Test
  void aMissingSecretStallsProgress() {
    String problem = "spec.ssh.privateKey.secretRef: Secret \"k\" not found in namespace \"shop\"";
    EnvironmentStatus failing = status(T1,
        new Condition(Condition.READY, "False", Condition.REASON_SOURCE_ERROR, problem, T1),
        new Condition(Condition.PROGRESSING, "True", Condition.REASON_OUT_OF_SYNC, problem, T1));

    EnvironmentResourceStatus shown =
        StatusMapping.toResource(failing, 1L, 1, null, problem, T1);

    ConditionEntry progressing = condition(shown, Condition.PROGRESSING);
    assertEquals(ConditionEntry.Status.False, progressing.status());
    assertEquals(StalledSecrets.REASON, progressing.reason());
    assertEquals(problem, progressing.message());
    assertEquals(ConditionEntry.Status.False, condition(shown, Condition.READY).status());
  }

  @Test
  void aRolloutUnderWayIsNotStalledByAnOldSecretProblem() {
    EnvironmentStatus rolling = status(T1,
        new Condition(Condition.PROGRESSING, "True", Condition.REASON_ROLLING_OUT, "b", T1));

    EnvironmentResourceStatus shown =
        StatusMapping.toResource(rolling, 2L, 1, null, "Secret gone", T1);

    assertEquals(Condition.REASON_ROLLING_OUT,
        condition(shown, Condition.PROGRESSING).reason());
  }

  private static EnvironmentStatus status(Instant lastReconcile, Condition... conditions) {
    return new EnvironmentStatus("shop/tiny", "b", "a", List.of(conditions),
        List.of(new HostStatus("web1", "R1", "a", "Ready", null, null, null, null, 0)), null,
        lastReconcile);
  }

  private static ConditionEntry condition(EnvironmentResourceStatus status, String type) {
    return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + status.conditions()));
  }
}
