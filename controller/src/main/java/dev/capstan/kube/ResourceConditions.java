package dev.capstan.kube;

import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules the Kubernetes status adds to the recorded conditions: an invalid spec, Ready=False
 * while a changed spec rolls out, Progressing=False while a Secret stalls the pass, and transition
 * times as the resource showed them.
 */
final class ResourceConditions {

  private ResourceConditions() {}

  static List<ConditionEntry> invalid(
      List<ConditionEntry> conditions,
      String error,
      EnvironmentResourceStatus current,
      Instant now) {
    String since = shownSince(current, Condition.READY, StatusMapping.INVALID_SPEC, now);
    List<ConditionEntry> result = new ArrayList<>();
    result.add(
        new ConditionEntry(
            Condition.READY,
            ConditionEntry.Status.False,
            StatusMapping.INVALID_SPEC,
            error,
            since));
    conditions.stream().filter(c -> !c.type().equals(Condition.READY)).forEach(result::add);
    return result;
  }

  /**
   * While a changed spec rolls out (Progressing=True, reason RollingOut), Ready=False with the same
   * reason and message: the status of the new generation is not ready until the pass that rolls it
   * out says so.
   */
  static List<ConditionEntry> notReadyWhileRollingOut(List<ConditionEntry> conditions) {
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
  static List<ConditionEntry> stalled(
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
    String since = shownSince(current, Condition.PROGRESSING, StalledSecrets.REASON, now);
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
  static List<ConditionEntry> transitionedNow(
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
        } else if (since == null
            || !StatusMapping.instant(since)
                .isAfter(StatusMapping.instant(shown.lastTransitionTime()))) {
          since = StatusMapping.text(now);
        }
      }
      result.add(
          new ConditionEntry(next.type(), next.status(), next.reason(), next.message(), since));
    }
    return result;
  }

  /**
   * When the resource began showing condition {@code type} with {@code reason}: the time it shows,
   * or now when it does not show it yet.
   */
  private static String shownSince(
      EnvironmentResourceStatus current, String type, String reason, Instant now) {
    return Optional.ofNullable(current)
        .map(EnvironmentResourceStatus::conditions)
        .flatMap(
            list ->
                list.stream()
                    .filter(c -> c.type().equals(type) && reason.equals(c.reason()))
                    .findFirst())
        .map(ConditionEntry::lastTransitionTime)
        .orElse(StatusMapping.text(now));
  }
}
