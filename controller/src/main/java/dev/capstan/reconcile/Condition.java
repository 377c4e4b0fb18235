package dev.capstan.reconcile;

import java.time.Instant;

/**
 * A Kubernetes-style condition on an Environment's status.
 *
 * @param type {@code Ready}, {@code Progressing} or {@code Degraded}
 * @param reason CamelCase, one of {@link Reason}
 */
public record Condition(
    String type,
    ConditionStatus status,
    Reason reason,
    String message,
    Instant lastTransitionTime) {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
}
