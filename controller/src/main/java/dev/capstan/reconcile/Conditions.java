package dev.capstan.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Summarizes a rollout report as the Ready, Progressing and Degraded conditions, keeping a
 * condition's lastTransitionTime while its status does not change. Progressing is True only when
 * the controller will move on by itself (a host to change, a failure it retries); when a person
 * must act, or a failed commit is held back, it is False with the stalled reason.
 */
public final class Conditions {

  private static final List<HostState> SEVERITY =
      List.of(
          HostState.RolledBack,
          HostState.Failed,
          HostState.Unreachable,
          HostState.Waiting,
          HostState.Pending,
          HostState.OutOfSync);

  private Conditions() {}

  public static List<Condition> of(RolloutReport report, List<Condition> previous, Instant now) {
    return List.of(
        carry(ready(report), previous, now),
        carry(progressing(report), previous, now),
        carry(degraded(report), previous, now));
  }

  /**
   * The Vulnerable condition {@code dependencies} add up to: True naming the affected packages and
   * their advisories, else False; its transition time kept from {@code previous}.
   */
  public static Condition vulnerable(
      DependencyStatus dependencies, List<Condition> previous, Instant now) {
    Condition next =
        dependencies.vulnerable() > 0
            ? condition(
                Condition.VULNERABLE,
                true,
                Reason.Vulnerable,
                dependencies.vulnerable()
                    + (dependencies.vulnerable() == 1
                        ? " vulnerable package: "
                        : " vulnerable packages: ")
                    + String.join("; ", dependencies.vulnerablePackages()))
            : condition(
                Condition.VULNERABLE,
                false,
                Reason.NoKnownVulnerabilities,
                "no live release has a package one of "
                    + dependencies.advisories()
                    + " advisories affects");
    return carry(next, previous, now);
  }

  private static Condition ready(RolloutReport report) {
    if (report.error() != null) {
      return condition(Condition.READY, false, report.errorReason(), report.error());
    }
    Optional<HostReport> worst = worstHost(report);
    if (worst.isEmpty()) {
      return condition(
          Condition.READY,
          true,
          Reason.Converged,
          "all " + report.hosts().size() + " hosts run " + Failures.shortCommit(report.commit()));
    }
    return condition(Condition.READY, false, worst.get().reason(), describe(worst.get()));
  }

  private static Condition progressing(RolloutReport report) {
    if (report.error() != null) {
      return condition(
          Condition.PROGRESSING,
          !report.errorReason().stalled(),
          report.errorReason(),
          report.error());
    }
    Optional<HostReport> stalled =
        report.hosts().stream()
            .filter(h -> h.reason() != null && h.reason().stalled())
            .min((a, b) -> SEVERITY.indexOf(a.state()) - SEVERITY.indexOf(b.state()));
    if (stalled.isPresent()) {
      return condition(
          Condition.PROGRESSING, false, stalled.get().reason(), describe(stalled.get()));
    }
    if (report.heldBack() != null) {
      return condition(Condition.PROGRESSING, false, Reason.Pending, report.heldBack());
    }
    Optional<HostReport> moving = worstHost(report);
    return moving
        .map(h -> condition(Condition.PROGRESSING, true, h.reason(), describe(h)))
        .orElseGet(() -> condition(Condition.PROGRESSING, false, Reason.Converged, ""));
  }

  private static Condition degraded(RolloutReport report) {
    if (report.error() != null) {
      return condition(Condition.DEGRADED, true, report.errorReason(), report.error());
    }
    Optional<HostReport> broken =
        report.hosts().stream()
            .filter(h -> SEVERITY.indexOf(h.state()) >= 0 && SEVERITY.indexOf(h.state()) < 4)
            .min((a, b) -> SEVERITY.indexOf(a.state()) - SEVERITY.indexOf(b.state()));
    return broken
        .map(h -> condition(Condition.DEGRADED, true, h.reason(), describe(h)))
        .orElseGet(() -> condition(Condition.DEGRADED, false, Reason.Healthy, ""));
  }

  /** The host whose state explains most: failures before unreachability before lag. */
  private static Optional<HostReport> worstHost(RolloutReport report) {
    return report.hosts().stream()
        .filter(h -> SEVERITY.contains(h.state()))
        .min((a, b) -> SEVERITY.indexOf(a.state()) - SEVERITY.indexOf(b.state()));
  }

  private static Condition carry(Condition next, List<Condition> previous, Instant now) {
    Instant since =
        previous.stream()
            .filter(c -> c.type().equals(next.type()) && c.status() == next.status())
            .map(Condition::lastTransitionTime)
            .findFirst()
            .orElse(now);
    return new Condition(next.type(), next.status(), next.reason(), next.message(), since);
  }

  private static Condition condition(String type, boolean status, Reason reason, String message) {
    return new Condition(type, ConditionStatus.of(status), reason, message, null);
  }

  /** "host: message", the host named once. */
  static String describe(HostReport host) {
    return host.host() + ": " + (host.message() == null ? host.state() : host.message());
  }
}
