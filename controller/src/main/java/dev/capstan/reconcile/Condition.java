package dev.capstan.reconcile;

import java.time.Instant;

/**
 * A Kubernetes-style condition on an Environment's status.
 *
 * @param type {@code Ready}, {@code Progressing}, {@code Degraded} or {@code Vulnerable}
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

  /** A live release has a package with a known vulnerability; set by the dependency checks. */
  public static final String VULNERABLE = "Vulnerable";
}
