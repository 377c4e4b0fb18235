package dev.capstan.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.capstan.services.ServiceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Between reconcile's {@link EnvironmentStatus} and the Environment resource's status: the same
 * data, times as RFC 3339 text, plus what {@code kubectl get} shows (phase, ready hosts) and what
 * Kubernetes expects (observedGeneration, Ready=False with reason {@value #INVALID_SPEC} while the
 * spec is invalid, Ready=False while a changed spec rolls out, so that {@code kubectl wait
 * --for=condition=Ready} returns only once every host serves it). Pure.
 */
final class StatusMapping {

  static final String INVALID_SPEC = Reason.InvalidSpec.name();

  /** Status fields that change on every pass, left out when telling whether status changed. */
  private static final String VOLATILE = "lastReconcile";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusMapping() {}

  /**
   * The resource status for a recorded status.
   *
   * @param observedGeneration the generation of the spec the status reflects
   * @param specHosts how many hosts the spec names, for {@code readyHosts} before any is observed
   * @param current the status the resource has now, whose condition times are kept; may be null
   */
  static EnvironmentResourceStatus toResource(
      EnvironmentStatus status,
      Long observedGeneration,
      int specHosts,
      EnvironmentResourceStatus current,
      Instant now) {
    return toResource(status, observedGeneration, specHosts, current, null, now);
  }

  /**
   * The resource status for a recorded status, {@code stalledBy} a Secret problem that no retry
   * fixes (null when there is none): then Progressing=False, reason SecretMissing, unless a changed
   * spec is rolling out.
   */
  static EnvironmentResourceStatus toResource(
      EnvironmentStatus status,
      Long observedGeneration,
      int specHosts,
      EnvironmentResourceStatus current,
      String stalledBy,
      Instant now) {
    return toResource(
        status, observedGeneration, specHosts, current, stalledBy, HostStatus::services, now);
  }

  /**
   * The resource status for a recorded status, with each host's {@code services} as observed last.
   */
  static EnvironmentResourceStatus toResource(
      EnvironmentStatus status,
      Long observedGeneration,
      int specHosts,
      EnvironmentResourceStatus current,
      String stalledBy,
      Function<HostStatus, List<ServiceState>> services,
      Instant now) {
    List<HostEntry> hosts = status.hosts().stream().map(h -> host(h, services.apply(h))).toList();
    List<ConditionEntry> conditions = new ArrayList<>();
    for (Condition condition : status.conditions()) {
      conditions.add(condition(condition));
    }
    if (status.configurationError() != null) {
      conditions =
          ResourceConditions.invalid(conditions, status.configurationError(), current, now);
    } else {
      conditions = ResourceConditions.notReadyWhileRollingOut(conditions);
      conditions = ResourceConditions.stalled(conditions, stalledBy, current, now);
    }
    conditions = ResourceConditions.transitionedNow(conditions, current, now);
    long ready = hosts.stream().filter(h -> h.state() == HostState.Ready).count();
    int total = hosts.isEmpty() ? specHosts : hosts.size();
    return new EnvironmentResourceStatus(
        observedGeneration,
        status.revision(),
        status.commit(),
        status.failedCommit(),
        ready + "/" + total,
        phase(status, conditions),
        hosts,
        conditions,
        status.configurationError(),
        text(status.lastReconcile()),
        status.pinNote(),
        null);
  }

  /**
   * Whether two statuses tell the same, {@code lastReconcile} left out (it moves on every pass);
   * compared as JSON, so that a field added to the status is compared too.
   */
  static boolean sameReport(EnvironmentResourceStatus a, EnvironmentResourceStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return withoutVolatile(a).equals(withoutVolatile(b));
  }

  private static JsonNode withoutVolatile(EnvironmentResourceStatus status) {
    ObjectNode tree = JSON.valueToTree(status);
    tree.remove(VOLATILE);
    return tree;
  }

  /** The recorded status a resource's status stands for, so a new leader keeps its history. */
  static EnvironmentStatus fromResource(String key, EnvironmentResourceStatus status) {
    List<Condition> conditions =
        status.conditions() == null
            ? List.of()
            : status.conditions().stream()
                .filter(c -> !INVALID_SPEC.equals(c.reason()))
                .map(
                    c ->
                        new Condition(
                            c.type(),
                            ConditionStatus.valueOf(c.status().name()),
                            Reason.fromWire(c.reason()).orElse(null),
                            c.message(),
                            instant(c.lastTransitionTime())))
                .toList();
    List<HostStatus> hosts =
        status.hosts() == null
            ? List.of()
            : status.hosts().stream()
                .map(
                    h ->
                        new HostStatus(
                            h.host(),
                            h.release(),
                            h.commit(),
                            h.state(),
                            h.reason() == null ? null : Reason.fromWire(h.reason()).orElse(null),
                            h.message(),
                            h.failedCommit(),
                            h.lastError(),
                            instant(h.lastDrift()),
                            h.lastDriftReason(),
                            h.driftCorrections() == null ? 0 : h.driftCorrections()))
                .toList();
    return new EnvironmentStatus(
            key,
            status.revision(),
            status.commit(),
            status.failedCommit(),
            conditions,
            hosts,
            null,
            instant(status.lastReconcile()))
        .withPins(null, List.of(), status.pinNote());
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
    return new ConditionEntry(
        condition.type(),
        ConditionEntry.Status.valueOf(condition.status().name()),
        condition.reason() == null ? null : condition.reason().name(),
        condition.message(),
        text(condition.lastTransitionTime()));
  }

  private static HostEntry host(HostStatus host, List<ServiceState> services) {
    return new HostEntry(
        host.host(),
        host.release(),
        host.commit(),
        host.state(),
        host.reason() == null ? null : host.reason().name(),
        host.message(),
        host.failedCommit(),
        host.lastError(),
        text(host.lastDrift()),
        host.lastDriftReason(),
        host.driftCorrections(),
        ServiceEntries.of(services));
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
