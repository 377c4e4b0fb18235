package dev.capstan.reconcile;

import dev.capstan.host.RemoteHost;
import dev.capstan.model.HostAddress;
import dev.capstan.release.Action;
import dev.capstan.release.HostLock;
import dev.capstan.release.HostPlan;
import dev.capstan.release.ObservedHost;
import dev.capstan.release.ObservedRelease;
import java.util.ArrayList;
import java.util.List;

/** One host's progress through a rollout: its connection, lock, observation, plan and outcome. */
final class HostRun {

  final HostAddress address;
  RemoteHost connection;
  HostLock lock;
  ObservedHost observed;
  HostPlan plan;
  HostState state;
  String message;
  String live;
  String liveCommit;
  /** What the live release's health check said when observed; null when healthy or unchecked. */
  String healthFailure;
  final List<String> changes = new ArrayList<>();

  HostRun(HostAddress address) {
    this.address = address;
  }

  String name() {
    return address.toString();
  }

  boolean usable() {
    return connection != null && state != HostState.Unreachable && state != HostState.Failed;
  }

  void fail(HostState newState, String why) {
    state = newState;
    message = why;
  }

  /** Takes a new observation and the plan made from it. */
  void observed(ObservedHost newObservation, HostPlan newPlan) {
    observed = newObservation;
    plan = newPlan;
    ObservedRelease liveRelease = newObservation.live().orElse(null);
    live = liveRelease == null ? null : liveRelease.name();
    liveCommit = liveRelease == null ? null : liveRelease.commit();
  }

  HostReport report() {
    HostState finalState = state;
    String why = message;
    ObservedRelease failed = failedDesiredRelease();
    if (finalState == null && failed != null) {
      finalState = HostState.Failed;
      why = "release " + failed.name() + " failed: " + failed.message();
    } else if (finalState == null) {
      finalState = plan != null && plan.inSync() ? HostState.Ready : HostState.OutOfSync;
    }
    List<String> actions =
        plan == null || finalState == HostState.Ready
            ? List.of()
            : plan.actions().stream().map(Action::describe).toList();
    return new HostReport(
        name(),
        live,
        liveCommit,
        finalState,
        why,
        actions,
        changes);
  }

  /** The newest release of the desired commit and recipe, when it failed: the host says why. */
  ObservedRelease failedDesiredRelease() {
    if (observed == null || plan == null || plan.inSync()) {
      return null;
    }
    return observed.releases().stream()
        .filter(r -> r.builds(plan.desired()))
        .reduce((older, newer) -> newer)
        .filter(r -> r.state() == dev.capstan.release.ReleaseState.FAILED)
        .orElse(null);
  }
}
