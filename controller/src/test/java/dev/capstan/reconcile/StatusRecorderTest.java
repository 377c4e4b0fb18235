package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.capstan.model.Environment;
import dev.capstan.model.EnvironmentSpec;
import dev.capstan.model.HostAddress;
import dev.capstan.model.RolloutSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How reports fold into recorded status: conditions, transition times, errors and drift. */
class StatusRecorderTest {

  private static final String COMMIT = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final Instant T1 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-21T10:05:00Z");
  private static final Instant T3 = Instant.parse("2026-11-21T10:10:00Z");

  @Test
  void allHostsReadyIsReadyTrueNotProgressingNotDegraded() {
    EnvironmentStatus status =
        StatusRecorder.record(null, report(host("web1", HostState.Ready, null)), Map.of(), T1);
    assertEquals(List.of("Ready=True", "Progressing=False", "Degraded=False"), summary(status));
  }

  @Test
  void aChangedSpecRollingOutIsNotReadyUntilItsPassEnds() {
    EnvironmentStatus ready =
        StatusRecorder.record(null, report(host("web1", HostState.Ready, null)), Map.of(), T1);
    Environment changed =
        new Environment(
            "shop",
            new EnvironmentSpec(
                "shop",
                "v2",
                List.of(HostAddress.LOCAL_HOST),
                null,
                new RolloutSpec(1),
                Duration.ofSeconds(30),
                false),
            null);

    EnvironmentStatus rolling = StatusRecorder.rollingOut(ready, changed, T2);

    assertEquals(List.of("Ready=False", "Progressing=True", "Degraded=False"), summary(rolling));
    assertEquals(Reason.RollingOut, rolling.conditions().get(0).reason());
    assertEquals("rolling out revision v2", rolling.conditions().get(0).message());
    assertEquals("v2", rolling.revision());
    assertEquals(COMMIT, rolling.commit(), "the live commit until a host switches");
  }

  @Test
  void aRolledBackHostIsDegradedWithItsReason() {
    EnvironmentStatus status =
        StatusRecorder.record(
            null,
            report(
                host("web1", HostState.RolledBack, "health check: exit status 1"),
                host("web2", HostState.Pending, "not switched")),
            Map.of(),
            T1);
    assertEquals(
        List.of("Ready=False", "Progressing=False", "Degraded=True"),
        summary(status),
        "nothing progresses by itself after a roll-back");
    assertEquals(Reason.RolledBack, status.conditions().get(1).reason());
    assertEquals(Reason.RolledBack, status.conditions().get(2).reason());
    assertEquals("web1: health check: exit status 1", status.conditions().get(2).message());
    assertEquals("health check: exit status 1", status.hosts().get(0).lastError());
  }

  @Test
  void aConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
    EnvironmentStatus first =
        StatusRecorder.record(null, report(host("web1", HostState.Ready, null)), Map.of(), T1);
    EnvironmentStatus second =
        StatusRecorder.record(first, report(host("web1", HostState.Ready, null)), Map.of(), T2);
    EnvironmentStatus third =
        StatusRecorder.record(
            second,
            report(host("web1", HostState.Unreachable, "connection refused")),
            Map.of(),
            T3);

    assertEquals(T1, second.conditions().get(0).lastTransitionTime());
    assertEquals(T3, third.conditions().get(0).lastTransitionTime());
    assertEquals(Reason.Unreachable, third.conditions().get(0).reason());
  }

  @Test
  void driftIsCountedPerHostAndRemembered() {
    EnvironmentStatus first =
        StatusRecorder.record(
            null,
            report(host("web1", HostState.Ready, null)),
            Map.of(
                "web1",
                new Change(Change.Kind.CURRENT_MISSING, "current was missing; switched to R1")),
            T1);
    EnvironmentStatus second =
        StatusRecorder.record(first, report(host("web1", HostState.Ready, null)), Map.of(), T2);

    HostStatus web1 = second.hosts().get(0);
    assertEquals(1, web1.driftCorrections());
    assertEquals(T1, web1.lastDrift());
    assertEquals("current was missing; switched to R1", web1.lastDriftReason());
  }

  @Test
  void aHostThatConvergesAgainForgetsItsLastError() {
    EnvironmentStatus failed =
        StatusRecorder.record(
            null, report(host("web1", HostState.Failed, "build[0] failed")), Map.of(), T1);
    EnvironmentStatus lagging =
        StatusRecorder.record(
            failed, report(host("web1", HostState.OutOfSync, null)), Map.of(), T2);
    EnvironmentStatus ready =
        StatusRecorder.record(lagging, report(host("web1", HostState.Ready, null)), Map.of(), T3);

    assertEquals("build[0] failed", lagging.hosts().get(0).lastError());
    assertNull(ready.hosts().get(0).lastError());
  }

  private static RolloutReport report(HostReport... hosts) {
    return new RolloutReport("prod", "main", COMMIT, List.of(hosts), null, null, false, true, null);
  }

  private static HostReport host(String name, HostState state, String message) {
    return new HostReport(
        name, "R1", COMMIT, state, Reports.reasonOf(state), message, null, List.of(), List.of());
  }

  private static List<String> summary(EnvironmentStatus status) {
    return status.conditions().stream().map(c -> c.type() + "=" + c.status()).toList();
  }
}
