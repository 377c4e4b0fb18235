package dev.capstan.reconcile;

import dev.capstan.model.EnvironmentSpec;
import dev.capstan.windows.DeployWindows;
import dev.capstan.windows.WindowVerdict;
import java.time.Instant;

/**
 * The deploy windows as a rollout in flight sees them: one that was allowed to start goes on with
 * the wave it is in, and starts no new wave once a window closes. A pass that started while closed
 * (drift correction of the live release, which windows never stop) is not stopped by them.
 */
final class WindowsDuringRollout {

  private final DeployWindows windows;
  private final boolean openAtStart;

  private WindowsDuringRollout(DeployWindows windows, boolean openAtStart) {
    this.windows = windows;
    this.openAtStart = openAtStart;
  }

  static WindowsDuringRollout at(EnvironmentSpec spec) {
    if (spec.windows().isEmpty()) {
      return new WindowsDuringRollout(null, false);
    }
    DeployWindows windows = new DeployWindows(spec.windows());
    return new WindowsDuringRollout(windows, windows.permitted(Instant.now()));
  }

  /** Why no new wave may start now, null when one may. */
  String closedSinceStart() {
    if (windows == null || !openAtStart) {
      return null;
    }
    WindowVerdict now = windows.at(Instant.now());
    return now.permitted()
        ? null
        : now.blockingWindow() + " holds new rollouts since this one began";
  }
}
