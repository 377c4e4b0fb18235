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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    List<HostEntry> hosts = status.hosts().stream().map(StatusMapping::host).toList();
    List<ConditionEntry> conditions = new ArrayList<>();
    for (Condition condition : status.conditions()) {
      conditions.add(condition(condition));
    }
    if (status.configurationError() != null) {
      conditions = invalid(conditions, status.configurationError(), current, now);
    } else {
      conditions = notReadyWhileRollingOut(conditions);
      conditions = stalled(conditions, stalledBy, current, now);
    }
    conditions = transitionedNow(conditions, current, now);
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
        text(status.lastReconcile()));
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
                            null,
                            h.message(),
                            null,
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
        instant(status.lastReconcile()));
  }

  private static List<ConditionEntry> invalid(
      List<ConditionEntry> conditions,
      String error,
      EnvironmentResourceStatus current,
      Instant now) {
    String since =
        Optional.ofNullable(current)
            .map(EnvironmentResourceStatus::conditions)
            .flatMap(
                list ->
                    list.stream()
                        .filter(
                            c ->
                                c.type().equals(Condition.READY) && INVALID_SPEC.equals(c.reason()))
                        .findFirst())
            .map(ConditionEntry::lastTransitionTime)
            .orElse(text(now));
    List<ConditionEntry> result = new ArrayList<>();
    result.add(
        new ConditionEntry(
            Condition.READY, ConditionEntry.Status.False, INVALID_SPEC, error, since));
    conditions.stream().filter(c -> !c.type().equals(Condition.READY)).forEach(result::add);
    return result;
  }

  /**
   * While a changed spec rolls out (Progressing=True, reason RollingOut), Ready=False with the same
   * reason and message: the status of the new generation is not ready until the pass that rolls it
   * out says so.
   */
  private static List<ConditionEntry> notReadyWhileRollingOut(List<ConditionEntry> conditions) {
    ConditionEntry rolling =
        conditions.stream()
            .filter(
                c ->
                    c.type().equals(Condition.PROGRESSING)
                        && c.status() == ConditionEntry.Status.True
                        && Reason.RollingOut.name().equals(c.reason()))
            .findFirst()
            .orElse(null);
    if (rolling == null) {
      return conditions;
    }
    List<ConditionEntry> result = new ArrayList<>();
    result.add(
        new ConditionEntry(
            Condition.READY,
            ConditionEntry.Status.False,
            rolling.reason(),
            rolling.message(),
            rolling.lastTransitionTime()));
    conditions.stream().filter(c -> !c.type().equals(Condition.READY)).forEach(result::add);
    return result;
  }

  /** Progressing=False, reason SecretMissing, when a Secret stalls the pass. */
  private static List<ConditionEntry> stalled(
      List<ConditionEntry> conditions,
      String problem,
      EnvironmentResourceStatus current,
      Instant now) {
    if (problem == null
        || conditions.stream()
            .anyMatch(
                c -> c.type().equals(Condition.READY) && c.status() == ConditionEntry.Status.True)
        || conditions.stream()
            .anyMatch(
                c ->
                    c.type().equals(Condition.PROGRESSING)
                        && Reason.RollingOut.name().equals(c.reason()))) {
      return conditions;
    }
    String since =
        Optional.ofNullable(current)
            .map(EnvironmentResourceStatus::conditions)
            .flatMap(
                list ->
                    list.stream()
                        .filter(
                            c ->
                                c.type().equals(Condition.PROGRESSING)
                                    && StalledSecrets.REASON.equals(c.reason()))
                        .findFirst())
            .map(ConditionEntry::lastTransitionTime)
            .orElse(text(now));
    List<ConditionEntry> result = new ArrayList<>();
    for (ConditionEntry c : conditions) {
      result.add(
          !c.type().equals(Condition.PROGRESSING)
              ? c
              : new ConditionEntry(
                  Condition.PROGRESSING,
                  ConditionEntry.Status.False,
                  StalledSecrets.REASON,
                  problem,
                  since));
    }
    return result;
  }

  /**
   * Condition times as the resource showed them: a condition whose status is the one shown keeps
   * the time shown; one whose status differs changed now, unless it brings a later time (the
   * recorded status may not have seen what the resource showed between, like Ready=False while
   * rolling out).
   */
  private static List<ConditionEntry> transitionedNow(
      List<ConditionEntry> conditions, EnvironmentResourceStatus current, Instant now) {
    if (current == null || current.conditions() == null) {
      return conditions;
    }
    List<ConditionEntry> result = new ArrayList<>();
    for (ConditionEntry next : conditions) {
      ConditionEntry shown =
          current.conditions().stream()
              .filter(c -> c.type().equals(next.type()))
              .findFirst()
              .orElse(null);
      String since = next.lastTransitionTime();
      if (shown != null && shown.lastTransitionTime() != null) {
        if (shown.status() == next.status()) {
          since = shown.lastTransitionTime();
        } else if (since == null || !instant(since).isAfter(instant(shown.lastTransitionTime()))) {
          since = text(now);
        }
      }
      result.add(
          new ConditionEntry(next.type(), next.status(), next.reason(), next.message(), since));
    }
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
    return new ConditionEntry(
        condition.type(),
        ConditionEntry.Status.valueOf(condition.status().name()),
        condition.reason() == null ? null : condition.reason().name(),
        condition.message(),
        text(condition.lastTransitionTime()));
  }

  private static HostEntry host(HostStatus host) {
    return new HostEntry(
        host.host(),
        host.release(),
        host.commit(),
        host.state(),
        host.message(),
        host.lastError(),
        text(host.lastDrift()),
        host.lastDriftReason(),
        host.driftCorrections());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
