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

  /**
   * How hosts are reached: the key (and its passphrase), known_hosts and the ssh config file,
   * usually {@code secretRef}s in Kubernetes mode; the agent; the jump hosts.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ssh(
      PrivateKey privateKey,
      Boolean agent,
      SecretSourceSpec config,
      String proxyJump,
      SecretSourceSpec knownHosts) {

    /** A key and a known_hosts, nothing else. */
    public Ssh(SecretSourceSpec privateKey, SecretSourceSpec knownHosts) {
      this(privateKey == null ? null
              : new PrivateKey(privateKey.file(), privateKey.secretRef(), null, null),
          null, null, null, knownHosts);
    }
  }

  /**
   * The private key, {@code {file}} or {@code {secretRef}}, with at most one of {@code
   * passphraseFile} or {@code passphraseSecretRef} when it is protected by a passphrase.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrivateKey(
      String file,
      SecretSourceSpec.SecretRef secretRef,
      String passphraseFile,
      SecretSourceSpec.SecretRef passphraseSecretRef) {}

  /** How many hosts switch at once. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rollout(@Min(1) Integer maxParallel) {}
}
