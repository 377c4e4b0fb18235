package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** An Environment's spec in the shape of the YAML document (see the package documentation). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentResourceSpec(
    @Required
        @JsonPropertyDescription("The Application (in this namespace) that this Environment deploys.")
        String application,
    @Required
        @JsonPropertyDescription(
            "Commit (full or short), tag or branch to run; a branch is followed, its new tips"
                + " deploy.")
        String revision,
    @Required
        @Size(min = 1)
        @JsonPropertyDescription(
            "Hosts to deploy to: [user@]host[:port] over SSH, or local for the controller's own"
                + " machine.")
        List<String> hosts,
    @JsonPropertyDescription("The SSH key and known_hosts; host keys are always verified.")
        Ssh ssh,
    @JsonPropertyDescription("How the hosts are switched to a new release.") Rollout rollout,
    @JsonPropertyDescription(
            "How often hosts are observed and drift corrected: 30s, 5m, 1h or seconds (default"
                + " 30s).")
        IntOrString driftInterval,
    @JsonPropertyDescription(
            "Whether reconciling is paused: nothing is deployed or corrected (default false).")
        Boolean suspend) {

  /** The SSH key and known_hosts, usually {@code secretRef}s in Kubernetes mode. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ssh(
      @JsonPropertyDescription("The private key Capstan logs in with.")
          SecretSourceSpec privateKey,
      @JsonPropertyDescription("The known_hosts lines that every host key is checked against.")
          SecretSourceSpec knownHosts) {}

  /** How many hosts switch at once. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rollout(
      @Min(1) @JsonPropertyDescription("Hosts switched at once (default 1).")
          Integer maxParallel) {}
}
