package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/**
 * A secret as the documents write it: {@code {file: PATH}} or {@code {secretRef: {name, key}}},
 * exactly one (the loader says so when both or neither are set).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretSourceSpec(String file, SecretRef secretRef) {

  /** One key of a Secret in the resource's namespace; without a key the Secret must hold one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecretRef(@Required String name, String key) {}
}
