package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the controller reports on an Application: whether its spec is valid (condition {@code
 * Ready}, reason {@code Valid} or {@code InvalidSpec} with the loader's messages).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationResourceStatus(Long observedGeneration, List<ConditionEntry> conditions) {}
