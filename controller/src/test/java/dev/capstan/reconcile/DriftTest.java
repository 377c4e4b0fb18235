package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.services.ServiceState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a reconcile changed counts as drift only while the desire stayed the same. */
class DriftTest {

  private static final String COMMIT = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String NEWER = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

  @Test
  void changesUnderTheSameSpecAndCommitAreDriftPerHost() {
    RolloutReport report =
        Reports.of(
            COMMIT,
            Reports.host(
                "web1",
                HostState.Ready,
                List.of(
                    new Change(
                        Change.Kind.SHARED_LINK_MISSING, "shared link missing (.env); relinked"))),
            Reports.host("web2", HostState.Ready, List.of()),
            Reports.host(
                "web3",
                HostState.Ready,
                List.of(
                    new Change(Change.Kind.CURRENT_MISSING, "current was missing"),
                    Reports.change("switched"))));

    assertEquals(
        Map.of(
            "web1",
                new Change(Change.Kind.SHARED_LINK_MISSING, "shared link missing (.env); relinked"),
            "web3", new Change(Change.Kind.CURRENT_MISSING, "current was missing; switched")),
        Drift.corrected(Reports.status(COMMIT), report, false),
        "one correction per host, of the kind of its first change, in the words of all");
  }

  @Test
  void aChangedSpecIsADeploymentNotDrift() {
    RolloutReport report =
        Reports.of(
            COMMIT,
            Reports.host("web1", HostState.Ready, List.of(Reports.change("switched to R2"))));

    assertEquals(Map.of(), Drift.corrected(Reports.status(COMMIT), report, true));
  }

  @Test
  void aNewCommitIsADeploymentNotDrift() {
    RolloutReport report =
        Reports.of(
            NEWER,
            Reports.host("web1", HostState.Ready, List.of(Reports.change("switched to R2"))));

    assertEquals(Map.of(), Drift.corrected(Reports.status(COMMIT), report, false));
  }

  @Test
  void withoutARecordedStatusNothingIsDrift() {
    RolloutReport report =
        Reports.of(
            COMMIT,
            Reports.host("web1", HostState.Ready, List.of(Reports.change("switched to R1"))));

    assertEquals(Map.of(), Drift.corrected(null, report, false));
  }

  @Test
  void anUnresolvedRevisionIsNoDrift() {
    RolloutReport report =
        Reports.of(
            null, Reports.host("web1", HostState.Pending, List.of(Reports.change("something"))));

    assertEquals(Map.of(), Drift.corrected(Reports.status(null), report, false));
  }

  @Test
  void aServiceProcessReplacedOutsideThisControllerIsReported() {
    ServiceState before = running(List.of(101L, 202L));
    ServiceState after = running(List.of(101L, 303L));
    EnvironmentStatus previous =
        new EnvironmentStatus(
            "prod",
            "main",
            COMMIT,
            null,
            List.of(),
            List.of(
                new HostStatus(
                    "web1",
                    "R1",
                    COMMIT,
                    HostState.Ready,
                    Reason.Converged,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    List.of(before))),
            null,
            null);
    RolloutReport report =
        Reports.of(
            COMMIT,
            new HostReport(
                "web1",
                "R1",
                COMMIT,
                HostState.Ready,
                Reason.Converged,
                null,
                null,
                List.of(),
                List.of(),
                List.of(after)));

    Change change = Drift.corrected(previous, report, false).get("web1");
    assertEquals(Change.Kind.SERVICE_RESTARTED, change.kind());
    assertEquals(
        "service web: process [202] exited or was restarted outside this controller;"
            + " its supervisor runs [101, 303] now",
        change.text());
    RolloutReport same =
        Reports.of(
            COMMIT,
            new HostReport(
                "web1",
                "R1",
                COMMIT,
                HostState.Ready,
                Reason.Converged,
                null,
                null,
                List.of(),
                List.of(),
                List.of(before)));
    assertEquals(Map.of(), Drift.corrected(previous, same, false), "the same processes: no drift");
  }

  private static ServiceState running(List<Long> mains) {
    return new ServiceState("web", ServiceState.State.RUNNING, "R1", mains, null, mains);
  }
}
