package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What the controller reports on an Application: whether its spec is valid (condition {@code
 * Ready}, reason {@code Valid} or {@code InvalidSpec} with the loader's messages).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationResourceStatus(
    @JsonPropertyDescription("The metadata.generation whose spec this status reflects.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Ready: whether the spec is valid (reason Valid, or InvalidSpec with the problems).")
        List<ConditionEntry> conditions) {}
