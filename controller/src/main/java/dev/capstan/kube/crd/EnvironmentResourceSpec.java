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
        @JsonPropertyDescription(
            "The Application (in this namespace) that this Environment deploys.")
        String application,
    @Required
        @JsonPropertyDescription(
            "Commit (full or short), tag or branch to run; a branch is followed, its new tips"
                + " deploy.")
        String revision,
    @Required
        @Size(min = 1)
        @JsonPropertyDescription(
            "Hosts to deploy to: [user@]host[:port] over SSH (or local for the controller's own"
                + " machine), or {host, roles, env} to give one roles and env of its own.")
        List<HostItem> hosts,
    @JsonPropertyDescription("The SSH key and known_hosts; host keys are always verified.") Ssh ssh,
    @JsonPropertyDescription("How the hosts are switched to a new release.") Rollout rollout,
    @JsonPropertyDescription(
            "How often hosts are observed and drift corrected: 30s, 5m, 1h or seconds (default"
                + " 30s).")
        IntOrString driftInterval,
    @JsonPropertyDescription(
            "Whether reconciling is paused: nothing is deployed or corrected (default false).")
        Boolean suspend) {

  /**
   * How hosts are reached: the key (and its passphrase), known_hosts and the ssh config file,
   * usually {@code secretRef}s in Kubernetes mode; the agent; the jump hosts.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ssh(
      @JsonPropertyDescription(
              "The private key Capstan logs in with, and the passphrase that protects it, if any.")
          PrivateKey privateKey,
      @JsonPropertyDescription(
              "Take keys from ssh-agent (SSH_AUTH_SOCK); the default when it is set and no key"
                  + " file is given.")
          Boolean agent,
      @JsonPropertyDescription(
              "An ssh config file (Host, HostName, User, Port, IdentityFile, ProxyJump,"
                  + " UserKnownHostsFile) the hosts are resolved through.")
          SecretSourceSpec config,
      @JsonPropertyDescription(
              "Jump hosts, comma-separated [user@]host[:port], each host key verified.")
          String proxyJump,
      @JsonPropertyDescription("The known_hosts lines that every host key is checked against.")
          SecretSourceSpec knownHosts) {

    /** A key and a known_hosts, nothing else. */
    public Ssh(SecretSourceSpec privateKey, SecretSourceSpec knownHosts) {
      this(
          privateKey == null
              ? null
              : new PrivateKey(privateKey.file(), privateKey.secretRef(), null, null),
          null,
          null,
          null,
          knownHosts);
    }
  }

  /**
   * The private key, {@code {file}} or {@code {secretRef}}, with at most one of {@code
   * passphraseFile} or {@code passphraseSecretRef} when it is protected by a passphrase.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrivateKey(
      @JsonPropertyDescription("A file on the controller holding the key (file mode).") String file,
      @JsonPropertyDescription("The Secret key that holds the private key.")
          SecretSourceSpec.SecretRef secretRef,
      @JsonPropertyDescription("A file on the controller holding the key's passphrase.")
          String passphraseFile,
      @JsonPropertyDescription("The Secret key that holds the key's passphrase.")
          SecretSourceSpec.SecretRef passphraseSecretRef) {}

  /** How many hosts switch at once. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rollout(
      @Min(1) @JsonPropertyDescription("Hosts switched at once (default 1).")
          Integer maxParallel) {}
}
