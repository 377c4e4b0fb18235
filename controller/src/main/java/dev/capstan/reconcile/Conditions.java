package dev.capstan.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Summarizes a rollout report as the Ready, Progressing and Degraded conditions, keeping a
 * condition's lastTransitionTime while its status does not change.
 */
public final class Conditions {

  private static final List<HostState> SEVERITY =
      List.of(HostState.RolledBack, HostState.Failed, HostState.Unreachable,
          HostState.Pending, HostState.OutOfSync);

  private Conditions() {}

  public static List<Condition> of(RolloutReport report, List<Condition> previous, Instant now) {
    return List.of(
        carry(ready(report), previous, now),
        carry(progressing(report), previous, now),
        carry(degraded(report), previous, now));
  }

  private static Condition ready(RolloutReport report) {
    if (report.error() != null) {
      return condition(Condition.READY, false, Condition.REASON_SOURCE_ERROR, report.error());
    }
    Optional<HostReport> worst = worstHost(report);
    if (worst.isEmpty()) {
      return condition(Condition.READY, true, Condition.REASON_CONVERGED,
          "all " + report.hosts().size() + " hosts run " + shortCommit(report.commit()));
    }
    return condition(Condition.READY, false, reason(worst.get().state()), describe(worst.get()));
  }

  private static Condition progressing(RolloutReport report) {
    Optional<HostReport> lagging = report.hosts().stream()
        .filter(h -> h.state() == HostState.OutOfSync || h.state() == HostState.Pending)
        .findFirst();
    return lagging
        .map(h -> condition(Condition.PROGRESSING, true, Condition.REASON_OUT_OF_SYNC, describe(h)))
        .orElseGet(() -> condition(Condition.PROGRESSING, false, Condition.REASON_CONVERGED, ""));
  }

  private static Condition degraded(RolloutReport report) {
    if (report.error() != null) {
      return condition(Condition.DEGRADED, true, Condition.REASON_SOURCE_ERROR, report.error());
    }
    Optional<HostReport> broken = report.hosts().stream()
        .filter(h -> SEVERITY.indexOf(h.state()) >= 0 && SEVERITY.indexOf(h.state()) < 3)
        .min((a, b) -> SEVERITY.indexOf(a.state()) - SEVERITY.indexOf(b.state()));
    return broken
        .map(h -> condition(Condition.DEGRADED, true, reason(h.state()), describe(h)))
        .orElseGet(() -> condition(Condition.DEGRADED, false, Condition.REASON_HEALTHY, ""));
  }

  /** The host whose state explains most: failures before unreachability before lag. */
  private static Optional<HostReport> worstHost(RolloutReport report) {
    return report.hosts().stream()
        .filter(h -> SEVERITY.contains(h.state()))
        .min((a, b) -> SEVERITY.indexOf(a.state()) - SEVERITY.indexOf(b.state()));
  }

  private static Condition carry(Condition next, List<Condition> previous, Instant now) {
    Instant since = previous.stream()
        .filter(c -> c.type().equals(next.type()) && c.status().equals(next.status()))
        .map(Condition::lastTransitionTime)
        .findFirst()
        .orElse(now);
    return new Condition(next.type(), next.status(), next.reason(), next.message(), since);
  }

  private static Condition condition(String type, boolean status, String reason, String message) {
    return new Condition(type, status ? "True" : "False", reason, message, null);
  }

  private static String reason(HostState state) {
    return switch (state) {
      case RolledBack -> Condition.REASON_ROLLED_BACK;
      case Failed -> Condition.REASON_STEP_FAILED;
      case Unreachable -> Condition.REASON_HOST_UNREACHABLE;
      default -> Condition.REASON_OUT_OF_SYNC;
    };
  }

  private static String describe(HostReport host) {
    return host.host() + ": " + (host.message() == null ? host.state() : host.message());
  }

  private static String shortCommit(String commit) {
    return commit == null ? "?" : commit.substring(0, Math.min(7, commit.length()));
  }
}
