package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/**
 * A condition as Kubernetes writes them: reconcile's {@code Condition} with its time in RFC 3339.
 *
 * @param type {@code Ready}, {@code Progressing} or {@code Degraded}
 * @param reason CamelCase, one of reconcile's {@code Condition.REASON_*} or {@code InvalidSpec}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConditionEntry(
    @Required String type, @Required Status status, String reason, String message,
    String lastTransitionTime) {

  /** A condition's status. */
  public enum Status {
    True,
    False,
    Unknown
  }
}
