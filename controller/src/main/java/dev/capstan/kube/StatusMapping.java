package dev.capstan.kube;

import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.kube.crd.EnvironmentResourceStatus.Phase;
import dev.capstan.kube.crd.HostEntry;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.ConditionStatus;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Between reconcile's {@link EnvironmentStatus} and the Environment resource's status: the same
 * data, times as RFC 3339 text, plus what {@code kubectl get} shows (phase, ready hosts) and
 * what Kubernetes expects (observedGeneration, Ready=False with reason {@value #INVALID_SPEC}
 * while the spec is invalid). Pure.
 */
final class StatusMapping {

  static final String INVALID_SPEC = Reason.InvalidSpec.name();

  private StatusMapping() {}

  /**
   * The resource status for a recorded status.
   *
   * @param observedGeneration the generation of the spec the status reflects
   * @param specHosts how many hosts the spec names, for {@code readyHosts} before any is observed
   * @param current the status the resource has now, whose condition times are kept; may be null
   */
  static EnvironmentResourceStatus toResource(
      EnvironmentStatus status, Long observedGeneration, int specHosts,
      EnvironmentResourceStatus current, Instant now) {
    List<HostEntry> hosts = status.hosts().stream().map(StatusMapping::host).toList();
    List<ConditionEntry> conditions = new ArrayList<>();
    for (Condition condition : status.conditions()) {
      conditions.add(condition(condition));
    }
    if (status.configurationError() != null) {
      conditions = invalid(conditions, status.configurationError(), current, now);
    }
    long ready = hosts.stream().filter(h -> h.state() == HostState.Ready).count();
    int total = hosts.isEmpty() ? specHosts : hosts.size();
    return new EnvironmentResourceStatus(
        observedGeneration, status.revision(), status.commit(), status.failedCommit(),
        ready + "/" + total,
        phase(status, conditions), hosts, conditions, status.configurationError(),
        text(status.lastReconcile()));
  }

  /** The recorded status a resource's status stands for, so a new leader keeps its history. */
  static EnvironmentStatus fromResource(String key, EnvironmentResourceStatus status) {
    List<Condition> conditions = status.conditions() == null ? List.of()
        : status.conditions().stream()
            .filter(c -> !INVALID_SPEC.equals(c.reason()))
            .map(c -> new Condition(c.type(), ConditionStatus.valueOf(c.status().name()),
                Reason.fromWire(c.reason()).orElse(null), c.message(),
                instant(c.lastTransitionTime())))
            .toList();
    List<HostStatus> hosts = status.hosts() == null ? List.of()
        : status.hosts().stream()
            .map(h -> new HostStatus(h.host(), h.release(), h.commit(), h.state(), null,
                h.message(), null, h.lastError(), instant(h.lastDrift()), h.lastDriftReason(),
                h.driftCorrections() == null ? 0 : h.driftCorrections()))
            .toList();
    return new EnvironmentStatus(key, status.revision(), status.commit(),
        status.failedCommit(), conditions, hosts,
        null, instant(status.lastReconcile()));
  }

  private static List<ConditionEntry> invalid(
      List<ConditionEntry> conditions, String error, EnvironmentResourceStatus current,
      Instant now) {
    String since = Optional.ofNullable(current).map(EnvironmentResourceStatus::conditions)
        .flatMap(list -> list.stream()
            .filter(c -> c.type().equals(Condition.READY) && INVALID_SPEC.equals(c.reason()))
            .findFirst())
        .map(ConditionEntry::lastTransitionTime)
        .orElse(text(now));
    List<ConditionEntry> result = new ArrayList<>();
    result.add(new ConditionEntry(
        Condition.READY, ConditionEntry.Status.False, INVALID_SPEC, error, since));
    conditions.stream().filter(c -> !c.type().equals(Condition.READY)).forEach(result::add);
    return result;
  }

  private static Phase phase(EnvironmentStatus status, List<ConditionEntry> conditions) {
    if (status.configurationError() != null) {
      return Phase.Invalid;
    }
    if (isTrue(conditions, Condition.DEGRADED)) {
      return Phase.Degraded;
    }
    if (isTrue(conditions, Condition.PROGRESSING)) {
      return Phase.Progressing;
    }
    return isTrue(conditions, Condition.READY) ? Phase.Ready : Phase.Pending;
  }

  private static boolean isTrue(List<ConditionEntry> conditions, String type) {
    return conditions.stream()
        .anyMatch(c -> c.type().equals(type) && c.status() == ConditionEntry.Status.True);
  }

  private static ConditionEntry condition(Condition condition) {
    return new ConditionEntry(condition.type(), ConditionEntry.Status.valueOf(condition.status().name()),
        condition.reason() == null ? null : condition.reason().name(), condition.message(), text(condition.lastTransitionTime()));
  }

  private static HostEntry host(HostStatus host) {
    return new HostEntry(host.host(), host.release(), host.commit(),
        host.state(), host.message(), host.lastError(),
        text(host.lastDrift()), host.lastDriftReason(), host.driftCorrections());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
