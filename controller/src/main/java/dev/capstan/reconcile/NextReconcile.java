package dev.capstan.reconcile;

import java.time.Duration;

/**
 * When an Environment is looked at again after a reconcile, from its report: converged or held back
 * on purpose or stalled (a person must act), after the drift interval (sooner when a followed
 * branch is due a poll); anything else is waiting and backs off. Pure.
 */
final class NextReconcile {

  private NextReconcile() {}

  static WorkQueue.Result after(
      RolloutReport report, Duration driftInterval, Duration branchPollInterval) {
    Duration later = driftInterval;
    if (report.followsBranch() && branchPollInterval.compareTo(later) < 0) {
      later = branchPollInterval;
    }
    // A person must act (or the failed commit waits for a new one): no backoff, just look again.
    if (report.converged() || report.heldBack() != null || report.stalled().isPresent()) {
      return WorkQueue.Result.requeueAfter(later);
    }
    return WorkQueue.Result.failed(report.error() != null ? report.error() : firstProblem(report));
  }

  /** The first host that is not Ready, with its state and message; what status leads with. */
  static String firstProblem(RolloutReport report) {
    return report.hosts().stream()
        .filter(h -> h.state() != HostState.Ready)
        .map(h -> h.host() + ": " + h.state() + (h.message() == null ? "" : ": " + h.message()))
        .findFirst()
        .orElse("not converged");
  }
}
