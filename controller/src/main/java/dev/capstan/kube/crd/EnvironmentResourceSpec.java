package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** An Environment's spec in the shape of the YAML document (see the package documentation). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentResourceSpec(
    @Required String application,
    @Required @PrinterColumn(name = "Revision") String revision,
    @Required @Size(min = 1) List<String> hosts,
    Ssh ssh,
    Rollout rollout,
    IntOrString driftInterval,
    Boolean suspend) {

  /** The SSH key and known_hosts, usually {@code secretRef}s in Kubernetes mode. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ssh(SecretSourceSpec privateKey, SecretSourceSpec knownHosts) {}

  /** How many hosts switch at once. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rollout(@Min(1) Integer maxParallel) {}
}
