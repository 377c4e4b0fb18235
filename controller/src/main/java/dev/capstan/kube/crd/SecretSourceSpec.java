package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A secret as the documents write it: {@code {file: PATH}} or {@code {secretRef: {name, key}}},
 * exactly one (the loader says so when both or neither are set).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretSourceSpec(
    @JsonPropertyDescription("A file on the controller's machine (file mode); or use secretRef.")
        String file,
    @JsonPropertyDescription("A key of a Secret in this namespace (Kubernetes mode).")
        SecretRef secretRef) {

  /** One key of a Secret in the resource's namespace; without a key the Secret must hold one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecretRef(
      @Required @JsonPropertyDescription("The Secret's name.") String name,
      @JsonPropertyDescription("The key in the Secret's data; may be left out when it has one.")
          String key) {}
}
