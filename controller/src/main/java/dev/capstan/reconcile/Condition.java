package dev.capstan.reconcile;

import java.time.Instant;

/**
 * A Kubernetes-style condition on an Environment's status.
 *
 * @param type {@code Ready}, {@code Progressing} or {@code Degraded}
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason CamelCase, one of the constants below
 */
public record Condition(
    String type, String status, String reason, String message, Instant lastTransitionTime) {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  public static final String REASON_CONVERGED = "Converged";
  public static final String REASON_OUT_OF_SYNC = "OutOfSync";
  public static final String REASON_HOST_UNREACHABLE = "HostUnreachable";
  public static final String REASON_STEP_FAILED = "StepFailed";
  public static final String REASON_ROLLED_BACK = "RolledBack";
  public static final String REASON_SOURCE_ERROR = "SourceError";
  public static final String REASON_HEALTHY = "Healthy";
  /** A changed spec is being rolled out (set when the reconcile starts). */
  public static final String REASON_ROLLING_OUT = "RollingOut";
}
