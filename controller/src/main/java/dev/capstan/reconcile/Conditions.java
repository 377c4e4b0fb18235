package dev.capstan.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Summarizes a rollout report as the Ready and Degraded conditions status shows. */
public final class Conditions {

  private Conditions() {}

  public static List<Condition> of(RolloutReport report, Instant now) {
    Optional<HostReport> worst = worstHost(report);
    if (report.error() != null) {
      return List.of(
          new Condition(Condition.READY, "False", Condition.REASON_SOURCE_ERROR, report.error(), now),
          new Condition(Condition.DEGRADED, "True", Condition.REASON_SOURCE_ERROR, report.error(), now));
    }
    if (worst.isEmpty()) {
      String message = "all " + report.hosts().size() + " hosts run " + shortCommit(report.commit());
      return List.of(
          new Condition(Condition.READY, "True", Condition.REASON_CONVERGED, message, now),
          new Condition(Condition.DEGRADED, "False", Condition.REASON_HEALTHY, "", now));
    }
    HostReport host = worst.get();
    String reason = reason(host.state());
    String message = host.host() + ": " + (host.message() == null ? host.state() : host.message());
    boolean degraded = host.state() != HostState.OutOfSync && host.state() != HostState.Pending;
    return List.of(
        new Condition(Condition.READY, "False", reason, message, now),
        new Condition(
            Condition.DEGRADED, degraded ? "True" : "False",
            degraded ? reason : Condition.REASON_HEALTHY, degraded ? message : "", now));
  }

  /** The host whose state explains most: failures before unreachability before lag. */
  private static Optional<HostReport> worstHost(RolloutReport report) {
    List<HostState> severity =
        List.of(HostState.RolledBack, HostState.Failed, HostState.Unreachable,
            HostState.Pending, HostState.OutOfSync);
    for (HostState state : severity) {
      Optional<HostReport> found =
          report.hosts().stream().filter(h -> h.state() == state).findFirst();
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static String reason(HostState state) {
    return switch (state) {
      case RolledBack -> Condition.REASON_ROLLED_BACK;
      case Failed -> Condition.REASON_STEP_FAILED;
      case Unreachable -> Condition.REASON_HOST_UNREACHABLE;
      default -> Condition.REASON_OUT_OF_SYNC;
    };
  }

  private static String shortCommit(String commit) {
    return commit == null ? "?" : commit.substring(0, Math.min(7, commit.length()));
  }
}
