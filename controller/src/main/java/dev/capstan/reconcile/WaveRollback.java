package dev.capstan.reconcile;

import dev.capstan.release.Action;
import java.util.List;

/**
 * When a rollout stops, sends every host it switched back to the release that host left (still on
 * disk), as a failed switch goes back today: the new release is marked failed (so the next pass
 * holds its commit back), the previous one switched to, activated and checked. With {@code
 * rollbackOnFailure: false} the hosts stay where they are, and say so.
 */
final class WaveRollback {

  private WaveRollback() {}

  static void rollBack(PassState pass, List<HostRun> switched, String why) {
    if (switched.isEmpty()) {
      return;
    }
    if (!pass.recipe().rollbackOnFailure()) {
      for (HostRun host : switched) {
        pass.progress()
            .progress(host.name(), "stays on " + host.live() + ": rollbackOnFailure is off");
      }
      return;
    }
    pass.progress()
        .progress(
            WaveWatch.ROLLOUT,
            "rolling back what this rollout switched: "
                + String.join(", ", switched.stream().map(HostRun::name).toList()));
    pass.each(switched, host -> rollBack(pass, host, why), pass::failed);
  }

  private static void rollBack(PassState pass, HostRun host, String why) throws Exception {
    Action.SwitchRelease action = host.plan().switchRelease().orElseThrow();
    String previous = action.rollbackTo();
    String commit = pass.desired().commit();
    String stopped = "rollout stopped: " + why;
    // The watched host that turned unhealthy says so in its verdict; the others only went back.
    String own = host.state() == HostState.Ready ? null : host.message();
    if (previous == null) {
      host.failedCommit(
          Reason.HealthCheckFailed, commit, stopped + " (no previous release to roll back to)");
      host.verdict(WaveVerdict.FAILED, "no previous release to roll back to");
      return;
    }
    pass.markChanged();
    String failure =
        pass.deployer(host)
            .switchBack(action.release(), previous, pass.desired(), pass.switchedBy(), stopped);
    host.live(previous, host.observed().release(previous).map(r -> r.commit()).orElse(null));
    host.changed(Change.Kind.OTHER, "rolled back from " + action.release() + " to " + previous);
    host.services(pass.deployer(host).serviceStates(previous));
    host.failedCommit(
        Reason.RolledBack,
        commit,
        stopped
            + "; rolled back to "
            + previous
            + (failure == null ? "" : ", which also failed: " + failure));
    host.verdict(
        WaveVerdict.ROLLED_BACK,
        failure == null ? own : "to " + previous + ", which failed: " + failure);
    pass.progress().progress(host.name(), "rolled back to " + previous);
  }
}
