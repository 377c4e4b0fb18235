package dev.capstan.reconcile;

import dev.capstan.host.HostException;

/**
 * Sorts what went wrong into a {@link Reason} and a host state, and words a failed commit's message
 * the same way wherever it is shown. Pure.
 */
final class Failures {

  private Failures() {}

  /** The reason a host connection or command failed for. */
  static Reason of(HostException.Kind kind) {
    return switch (kind) {
      case HOST_KEY_REJECTED -> Reason.HostKeyRefused;
      case AUTH_FAILED -> Reason.LoginRefused;
      case TIMEOUT -> Reason.Timeout;
      case UNREACHABLE, IO -> Reason.Unreachable;
    };
  }

  /**
   * The reason a step failed for, from its name (Capstan's own: {@code prepare}, {@code build[0]},
   * {@code migrate[0]}, {@code activate[0]}, {@code health check}, …).
   *
   * @param rolledBack the previous release is live again
   */
  static Reason ofStep(String step, boolean rolledBack) {
    if (step.startsWith("build[")
        || step.equals("prepare")
        || step.equals("virtualenv")
        || step.startsWith("mark ")) {
      return Reason.BuildFailed;
    }
    if (step.startsWith("migrate[")) {
      return Reason.MigrateFailed;
    }
    if (rolledBack) {
      return Reason.RolledBack;
    }
    if (step.startsWith("activate[")) {
      return Reason.ActivateFailed;
    }
    return step.equals("health check") ? Reason.HealthCheckFailed : Reason.StepFailed;
  }

  /** The step a message made by {@code StepFailedException#describe} starts with. */
  static String stepOf(String message) {
    int quote = message.indexOf(" `");
    return quote < 0 ? message : message.substring(0, quote);
  }

  /** The host state a failure leaves a host in. */
  static HostState state(Reason reason) {
    return switch (reason) {
      case Unreachable -> HostState.Unreachable;
      case LockBusy, Timeout -> HostState.Waiting;
      case RolledBack -> HostState.RolledBack;
      case Pending -> HostState.Pending;
      case OutOfSync, RollingOut -> HostState.OutOfSync;
      case Converged, Healthy -> HostState.Ready;
      default -> HostState.Failed;
    };
  }

  /** {@code commit 1a2b3c4: <what failed>}: a failed commit's message. */
  static String forCommit(String commit, String what) {
    return "commit " + shortCommit(commit) + ": " + what;
  }

  static String shortCommit(String commit) {
    return commit == null ? "?" : commit.substring(0, Math.min(7, commit.length()));
  }
}
