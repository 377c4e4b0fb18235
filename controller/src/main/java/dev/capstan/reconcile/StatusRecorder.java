package dev.capstan.reconcile;

import dev.capstan.model.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds a rollout report into an Environment's recorded status: conditions keep their transition
 * times, hosts keep their last error and drift history across reconciles. Pure.
 */
public final class StatusRecorder {

  private StatusRecorder() {}

  /**
   * The new status.
   *
   * @param previous the status before, null when none
   * @param drift per host, what was corrected in this reconcile (empty when nothing drifted)
   */
  public static EnvironmentStatus record(
      EnvironmentStatus previous, RolloutReport report, Map<String, Change> drift, Instant now) {
    List<Condition> before = previous == null ? List.of() : previous.conditions();
    List<HostStatus> hosts = new ArrayList<>();
    for (HostReport host : report.hosts()) {
      Optional<HostStatus> old =
          previous == null
              ? Optional.empty()
              : previous.hosts().stream().filter(h -> h.host().equals(host.host())).findFirst();
      Change corrected = drift.get(host.host());
      hosts.add(host(host, old, corrected == null ? null : corrected.text(), now));
    }
    return new EnvironmentStatus(
        report.environment(),
        report.revision(),
        liveCommit(report),
        failedCommit(report),
        Conditions.of(report, before, now),
        hosts,
        null,
        now,
        report.pins().pin(),
        report.pins().veto(),
        report.pinNote());
  }

  /** The commit every host runs: the one asked for once converged; null when they differ. */
  static String liveCommit(RolloutReport report) {
    if (report.converged()) {
      return report.commit();
    }
    List<String> live = report.hosts().stream().map(HostReport::commit).distinct().toList();
    return live.size() == 1 ? live.get(0) : null;
  }

  private static String failedCommit(RolloutReport report) {
    return report.hosts().stream()
        .map(HostReport::failedCommit)
        .filter(c -> c != null)
        .findFirst()
        .orElse(null);
  }

  /** An Environment known only by name: no valid spec has been reconciled yet. */
  public static EnvironmentStatus unreconciled(String name) {
    return new EnvironmentStatus(name, null, null, null, List.of(), List.of(), null, null);
  }

  /**
   * The status while a changed spec rolls out: the revision asked for, Progressing=True and
   * Ready=False with reason RollingOut (the new spec is not ready until every host serves it, so a
   * wait for Ready returns only then); hosts and the live commit as they were.
   */
  public static EnvironmentStatus rollingOut(
      EnvironmentStatus previous, Environment environment, Instant now) {
    EnvironmentStatus base = previous != null ? previous : unreconciled(environment.name());
    String message = "rolling out revision " + environment.spec().revision();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        new Condition(Condition.READY, ConditionStatus.False, Reason.RollingOut, message, now));
    conditions.add(
        new Condition(
            Condition.PROGRESSING, ConditionStatus.True, Reason.RollingOut, message, now));
    base.conditions().stream()
        .filter(c -> !c.type().equals(Condition.PROGRESSING) && !c.type().equals(Condition.READY))
        .forEach(conditions::add);
    return new EnvironmentStatus(
            base.name(),
            environment.spec().revision(),
            base.commit(),
            base.failedCommit(),
            conditions,
            base.hosts(),
            base.configurationError(),
            base.lastReconcile())
        // The pin and vetoes the pass is rolling out, so status shows a new pin at once.
        .withPins(
            environment.spec().pins().pin(), environment.spec().pins().veto(), base.pinNote());
  }

  /** The same status with a configuration error shown (the last good spec stays in force). */
  public static EnvironmentStatus withConfigurationError(EnvironmentStatus status, String error) {
    return new EnvironmentStatus(
            status.name(),
            status.revision(),
            status.commit(),
            status.failedCommit(),
            status.conditions(),
            status.hosts(),
            error,
            status.lastReconcile())
        .withPinsOf(status)
        .withBackups(status.backups());
  }

  /**
   * A fresh observation with what a running controller recorded added: each host's last error and
   * drift history, and a configuration error. What {@code capstan status} shows.
   */
  public static EnvironmentStatus withHistory(
      EnvironmentStatus observed, EnvironmentStatus recorded) {
    List<HostStatus> hosts = new ArrayList<>();
    for (HostStatus host : observed.hosts()) {
      Optional<HostStatus> known =
          recorded.hosts().stream().filter(h -> h.host().equals(host.host())).findFirst();
      hosts.add(
          known
              .map(
                  k ->
                      new HostStatus(
                          host.host(),
                          host.release(),
                          host.commit(),
                          host.state(),
                          host.reason(),
                          host.message(),
                          host.failedCommit(),
                          k.lastError(),
                          k.lastDrift(),
                          k.lastDriftReason(),
                          k.driftCorrections(),
                          host.services(),
                          host.verdict() == null ? k.wave() : host.wave(),
                          host.verdict() == null ? k.verdict() : host.verdict()))
              .orElse(host));
    }
    return new EnvironmentStatus(
            observed.name(),
            observed.revision(),
            observed.commit(),
            observed.failedCommit(),
            observed.conditions(),
            hosts,
            recorded.configurationError(),
            recorded.lastReconcile())
        .withPinsOf(observed)
        .withBackups(recorded.backups())
        .withHold(recorded.hold())
        .withNotifications(recorded.notifications())
        .withDependenciesOf(recorded);
  }

  private static HostStatus host(
      HostReport host, Optional<HostStatus> old, String driftReason, Instant now) {
    boolean failing =
        host.state() != HostState.Ready
            && host.state() != HostState.OutOfSync
            && host.state() != HostState.Pending
            && host.state() != HostState.Waiting;
    String lastError =
        failing
            ? host.message()
            : host.state() == HostState.Ready ? null : old.map(HostStatus::lastError).orElse(null);
    int corrections = old.map(HostStatus::driftCorrections).orElse(0);
    return new HostStatus(
        host.host(),
        host.release(),
        host.commit(),
        host.state(),
        host.reason(),
        host.message(),
        host.failedCommit(),
        lastError,
        driftReason == null ? old.map(HostStatus::lastDrift).orElse(null) : now,
        driftReason == null ? old.map(HostStatus::lastDriftReason).orElse(null) : driftReason,
        driftReason == null ? corrections : corrections + 1,
        host.services(),
        // The last rollout's wave and verdict stay until another rollout reaches the host.
        host.verdict() == null ? old.map(HostStatus::wave).orElse(null) : host.wave(),
        host.verdict() == null ? old.map(HostStatus::verdict).orElse(null) : host.verdict());
  }
}
