package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.ConditionStatus;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.Reason;
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
    EnvironmentStatus rolling =
        status(
            T1,
            new Condition(
                Condition.READY, ConditionStatus.True, Reason.Converged, "all 1 hosts run a", T0),
            new Condition(
                Condition.PROGRESSING,
                ConditionStatus.True,
                Reason.RollingOut,
                "rolling out revision b",
                T1));

    EnvironmentResourceStatus shown = StatusMapping.toResource(rolling, 2L, 1, null, T1);

    ConditionEntry ready = condition(shown, Condition.READY);
    assertEquals(ConditionEntry.Status.False, ready.status());
    assertEquals(Reason.RollingOut.name(), ready.reason());
    assertEquals("rolling out revision b", ready.message());
    assertEquals(T1.toString(), ready.lastTransitionTime());
    assertEquals(EnvironmentResourceStatus.Phase.Progressing, shown.phase());
    assertEquals(2L, shown.observedGeneration());
  }

  @Test
  void readyAgainAfterRollingOutTransitionsNowThoughTheRecordKeptAnOlderTime() {
    EnvironmentResourceStatus rolling =
        StatusMapping.toResource(
            status(
                T1,
                new Condition(Condition.READY, ConditionStatus.True, Reason.Converged, "", T0),
                new Condition(
                    Condition.PROGRESSING, ConditionStatus.True, Reason.RollingOut, "", T1)),
            2L,
            1,
            null,
            T1);

    EnvironmentResourceStatus done =
        StatusMapping.toResource(
            status(
                T2,
                new Condition(Condition.READY, ConditionStatus.True, Reason.Converged, "", T0),
                new Condition(
                    Condition.PROGRESSING, ConditionStatus.False, Reason.Converged, "", T2)),
            2L,
            1,
            rolling,
            T2);

    assertEquals(T2.toString(), condition(done, Condition.READY).lastTransitionTime());
  }

  @Test
  void aConditionWhoseStatusStaysKeepsTheTimeShown() {
    EnvironmentResourceStatus shown =
        StatusMapping.toResource(
            status(
                T1, new Condition(Condition.READY, ConditionStatus.True, Reason.Converged, "", T1)),
            1L,
            1,
            null,
            T1);

    EnvironmentResourceStatus again =
        StatusMapping.toResource(
            status(
                T2, new Condition(Condition.READY, ConditionStatus.True, Reason.Converged, "", T0)),
            1L,
            1,
            shown,
            T2);

    assertEquals(T1.toString(), condition(again, Condition.READY).lastTransitionTime());
  }

  @Test
  void onlyLastReconcileChangingIsTheSameReport() {
    Condition ready =
        new Condition(Condition.READY, ConditionStatus.True, Reason.Converged, "", T0);
    EnvironmentResourceStatus first = StatusMapping.toResource(status(T1, ready), 1L, 1, null, T1);
    EnvironmentResourceStatus second =
        StatusMapping.toResource(status(T2, ready), 1L, 1, first, T2);

    assertFalse(first.equals(second), "lastReconcile moved");
    assertTrue(StatusMapping.sameReport(first, second));
    assertFalse(
        StatusMapping.sameReport(
            first, StatusMapping.toResource(status(T2, ready), 2L, 1, first, T2)),
        "observedGeneration moved");
  }

  @Test
  void aMissingSecretStallsProgress() {
    String problem = "spec.ssh.privateKey.secretRef: Secret \"k\" not found in namespace \"shop\"";
    EnvironmentStatus failing =
        status(
            T1,
            new Condition(Condition.READY, ConditionStatus.False, Reason.SourceError, problem, T1),
            new Condition(
                Condition.PROGRESSING, ConditionStatus.True, Reason.OutOfSync, problem, T1));

    EnvironmentResourceStatus shown = StatusMapping.toResource(failing, 1L, 1, null, problem, T1);

    ConditionEntry progressing = condition(shown, Condition.PROGRESSING);
    assertEquals(ConditionEntry.Status.False, progressing.status());
    assertEquals(StalledSecrets.REASON, progressing.reason());
    assertEquals(problem, progressing.message());
    assertEquals(ConditionEntry.Status.False, condition(shown, Condition.READY).status());
  }

  @Test
  void aRolloutUnderWayIsNotStalledByAnOldSecretProblem() {
    EnvironmentStatus rolling =
        status(
            T1,
            new Condition(Condition.PROGRESSING, ConditionStatus.True, Reason.RollingOut, "b", T1));

    EnvironmentResourceStatus shown =
        StatusMapping.toResource(rolling, 2L, 1, null, "Secret gone", T1);

    assertEquals(Reason.RollingOut.name(), condition(shown, Condition.PROGRESSING).reason());
  }

  private static EnvironmentStatus status(Instant lastReconcile, Condition... conditions) {
    return new EnvironmentStatus(
        "shop/tiny",
        "b",
        "a",
        null,
        List.of(conditions),
        List.of(
            new HostStatus(
                "web1",
                "R1",
                "a",
                HostState.Ready,
                Reason.Converged,
                null,
                null,
                null,
                null,
                null,
                0)),
        null,
        lastReconcile);
  }

  private static ConditionEntry condition(EnvironmentResourceStatus status, String type) {
    return status.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + status.conditions()));
  }
}
