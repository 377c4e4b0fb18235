package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyStatusTest {

  private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-02T07:00:00Z");

  private static DependencyStatus checked(int vulnerable, Instant at) {
    return new DependencyStatus(
        3,
        1,
        vulnerable,
        1,
        at,
        "sha256:abc",
        vulnerable == 0 ? List.of() : List.of("demolib 1.0.0: PYSEC-1 (CVE-1) fixed in 1.0.1"),
        0,
        at,
        List.of());
  }

  private static Condition vulnerableCondition(EnvironmentStatus status) {
    return status.conditions().stream()
        .filter(c -> c.type().equals(Condition.VULNERABLE))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aVulnerablePackageSetsTheConditionNamingItAndKeepsItsTransitionTime() {
    EnvironmentStatus status =
        StatusRecorder.unreconciled("prod").withDependencies(checked(1, T0), T0);
    Condition condition = vulnerableCondition(status);
    assertEquals(ConditionStatus.True, condition.status());
    assertEquals(Reason.Vulnerable, condition.reason());
    assertEquals(
        "1 vulnerable package: demolib 1.0.0: PYSEC-1 (CVE-1) fixed in 1.0.1", condition.message());

    EnvironmentStatus again = status.withDependencies(checked(1, T1), T1);
    assertEquals(T0, vulnerableCondition(again).lastTransitionTime());
    assertEquals(1, again.conditions().size(), "one Vulnerable condition, replaced");

    EnvironmentStatus fixed = again.withDependencies(checked(0, T1), T1);
    assertEquals(ConditionStatus.False, vulnerableCondition(fixed).status());
    assertEquals(Reason.NoKnownVulnerabilities, vulnerableCondition(fixed).reason());
    assertEquals(T1, vulnerableCondition(fixed).lastTransitionTime());
  }

  @Test
  void aPassKeepsTheLastChecksDependenciesAndConditionThroughItsOwnCopies() {
    EnvironmentStatus checkedStatus =
        StatusRecorder.unreconciled("prod").withDependencies(checked(1, T0), T0);
    EnvironmentStatus pass =
        new EnvironmentStatus(
            "prod",
            "main",
            "abc",
            null,
            List.of(new Condition(Condition.READY, ConditionStatus.True, Reason.Converged, "", T1)),
            List.of(),
            null,
            T1);
    assertNull(pass.dependencies());
    EnvironmentStatus kept = pass.withDependenciesOf(checkedStatus).withBackups(null);
    assertEquals(checked(1, T0), kept.dependencies());
    assertEquals(2, kept.conditions().size());
    assertEquals(ConditionStatus.True, vulnerableCondition(kept).status());
    assertEquals(pass, pass.withDependenciesOf(StatusRecorder.unreconciled("prod")));
  }
}
