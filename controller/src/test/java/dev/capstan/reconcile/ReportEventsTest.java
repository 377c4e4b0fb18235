package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the controller tells the world about a reconcile, given its report and drift. */
class ReportEventsTest {

  private final Recorder events = new Recorder();

  @Test
  void aChangeThatConvergedIsADeployment() {
    ReportEvents.tell(
        events,
        Reports.changed("c1", Reports.host("web1", HostState.Ready, (String) null)),
        Map.of());

    assertEquals(
        List.of("deployed prod c1", "converged prod", "hostStates prod {Ready=1}"), events.told);
  }

  @Test
  void correctedDriftIsNoDeployment() {
    ReportEvents.tell(
        events,
        Reports.changed("c1", Reports.host("web1", HostState.Ready, (String) null)),
        Map.of("web1", new Change(Change.Kind.SHARED_LINK_MISSING, "relinked")));

    assertEquals(
        List.of(
            "driftCorrected prod web1 relinked (shared_link_missing)",
            "converged prod",
            "hostStates prod {Ready=1}"),
        events.told);
  }

  @Test
  void aRollBackIsToldAndTheFailureNamesTheFirstProblem() {
    ReportEvents.tell(
        events,
        Reports.changed(
            "c1",
            Reports.host("web1", HostState.RolledBack, "health check: exit status 1"),
            Reports.host("web2", HostState.Pending, "not switched")),
        Map.of());

    assertEquals(
        List.of(
            "rolledBack prod web1 health check: exit status 1",
            "failed prod web1: RolledBack: health check: exit status 1",
            "hostStates prod {Pending=1, RolledBack=1}"),
        events.told);
  }

  @Test
  void aHeldBackPassIsNoNewFailure() {
    ReportEvents.tell(
        events,
        Reports.heldBack(
            "waiting for a new revision", Reports.host("web1", HostState.Pending, "waiting")),
        Map.of());

    assertEquals(
        List.of("heldBack prod waiting for a new revision", "hostStates prod {Pending=1}"),
        events.told);
  }

  @Test
  void aHeldBackPassTellsNoRollBackAgain() {
    ReportEvents.tell(
        events,
        Reports.heldBack(
            "waiting for a new revision",
            Reports.host("web1", HostState.RolledBack, "health check: exit status 1")),
        Map.of());

    assertEquals(
        List.of("heldBack prod waiting for a new revision", "hostStates prod {RolledBack=1}"),
        events.told);
  }

  /** Records every call, in order. */
  private static final class Recorder implements ControllerEvents {
    final List<String> told = new ArrayList<>();

    @Override
    public void deployed(String environment, String commit) {
      told.add("deployed " + environment + " " + commit);
    }

    @Override
    public void rolledBack(String environment, String host, String message) {
      told.add("rolledBack " + environment + " " + host + " " + message);
    }

    @Override
    public void failed(String environment, String message) {
      told.add("failed " + environment + " " + message);
    }

    @Override
    public void heldBack(String environment, String message) {
      told.add("heldBack " + environment + " " + message);
    }

    @Override
    public void converged(String environment) {
      told.add("converged " + environment);
    }

    @Override
    public void driftCorrected(String environment, String host, Change change) {
      told.add(
          "driftCorrected "
              + environment
              + " "
              + host
              + " "
              + change.text()
              + " ("
              + change.kind().label()
              + ")");
    }

    @Override
    public void hostStates(String environment, Map<String, Integer> hostsByState) {
      told.add("hostStates " + environment + " " + new TreeMap<>(hostsByState));
    }
  }
}
