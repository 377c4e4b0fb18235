package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A condition as Kubernetes writes them: reconcile's {@code Condition} with its time in RFC 3339.
 *
 * @param type {@code Ready}, {@code Progressing} or {@code Degraded}
 * @param reason CamelCase, one of reconcile's {@code Condition.REASON_*} or {@code InvalidSpec}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConditionEntry(
    @Required @JsonPropertyDescription("Ready, Progressing or Degraded.") String type,
    @Required @JsonPropertyDescription("True, False or Unknown.") Status status,
    @JsonPropertyDescription("Why, in one CamelCase word, like Converged or Unreachable.")
        String reason,
    @JsonPropertyDescription("What happened, for a person to read.") String message,
    @JsonPropertyDescription("When the status last changed, RFC 3339.") String lastTransitionTime) {

  /** A condition's status. */
  public enum Status {
    True,
    False,
    Unknown
  }
}
