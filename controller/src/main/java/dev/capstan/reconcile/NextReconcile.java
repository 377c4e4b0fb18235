package dev.capstan.reconcile;

import java.time.Duration;

/**
 * When an Environment is looked at again after a reconcile, from its report: converged or held
 * back on purpose, after the drift interval (sooner when a followed branch is due a poll);
 * anything else failed and backs off. Pure.
 */
final class NextReconcile {

  private NextReconcile() {}

  static WorkQueue.Result after(
      RolloutReport report, Duration driftInterval, Duration branchPollInterval) {
    Duration later = driftInterval;
    if (report.followsBranch() && branchPollInterval.compareTo(later) < 0) {
      later = branchPollInterval;
    }
    if (report.converged() || report.heldBack() != null) {
      return WorkQueue.Result.requeueAfter(later);
    }
    return WorkQueue.Result.failed(report.error() != null ? report.error() : firstProblem(report));
  }

  /** The first host that is not Ready, with its state and message; what status leads with. */
  static String firstProblem(RolloutReport report) {
    return report.hosts().stream()
        .filter(h -> h.state() != HostState.Ready)
        .map(h -> h.host() + ": " + h.state() + (h.message() == null ? "" : ": " + h.message()))
        .findFirst().orElse("not converged");
  }
}
