package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
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
    @JsonPropertyDescription(
            "Commit (full or short), tag or branch to run; a branch is followed, its new tips"
                + " deploy. Required unless promoteFrom is set.")
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
        Boolean suspend,
    @JsonPropertyDescription(
            "Holds the Environment on this commit whatever revision says (capstan pin and"
                + " rollback set it).")
        Pin pin,
    @JsonPropertyDescription(
            "Commits (7 to 40 hex digits) that are never deployed to this Environment; a"
                + " revision that resolves to one keeps the hosts on the commit they run.")
        List<@Pattern(COMMIT) String> veto,
    @JsonPropertyDescription(
            "When new rollouts may start: allow or deny windows, each a cron schedule, a duration"
                + " and a time zone.")
        List<Window> windows,
    @JsonProperty("notify")
        @JsonPropertyDescription("Webhooks told of deploys, rollbacks, failures and drift.")
        List<Notify> notifications,
    @JsonPropertyDescription(
            "Instead of revision: deploy the commit that Environment has run Ready on every host"
                + " for healthyFor.")
        PromoteFrom promoteFrom) {

  /** 7 to 40 hex digits: a pin's or veto's commit. */
  public static final String COMMIT = "^[0-9a-fA-F]{7,40}$";

  /** A spec with no windows, notifications or promotion. */
  public EnvironmentResourceSpec(
      String application,
      String revision,
      List<HostItem> hosts,
      Ssh ssh,
      Rollout rollout,
      IntOrString driftInterval,
      Boolean suspend,
      Pin pin,
      List<String> veto) {
    this(
        application,
        revision,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        pin,
        veto,
        null,
        null,
        null);
  }

  /** A spec with no pin and no veto. */
  public EnvironmentResourceSpec(
      String application,
      String revision,
      List<HostItem> hosts,
      Ssh ssh,
      Rollout rollout,
      IntOrString driftInterval,
      Boolean suspend) {
    this(application, revision, hosts, ssh, rollout, driftInterval, suspend, null, null);
  }

  /** The same spec with another pin (null: none). */
  public EnvironmentResourceSpec withPin(Pin other) {
    return new EnvironmentResourceSpec(
        application,
        revision,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        other,
        veto,
        windows,
        notifications,
        promoteFrom);
  }

  /** The same spec with other vetoes (null or empty: none). */
  public EnvironmentResourceSpec withVeto(List<String> other) {
    return new EnvironmentResourceSpec(
        application,
        revision,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        pin,
        other == null || other.isEmpty() ? null : List.copyOf(other),
        windows,
        notifications,
        promoteFrom);
  }

  /** A pin: the commit, why, and who set it ({@code pin}, {@code rollback}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Pin(
      @Required @Pattern(COMMIT) @JsonPropertyDescription("The commit, 7 to 40 hex digits.")
          String commit,
      @JsonPropertyDescription("Why it is pinned.") String reason,
      @JsonPropertyDescription(
              "Who set it: pin (holds until unpinned) or rollback (lapses when the revision moves"
                  + " past the commit rolled back from).")
          String setBy) {}

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

  /** How the hosts switch: a canary wave, batches, a watched pause, a failure budget. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rollout(
      @Min(1) @JsonPropertyDescription("Hosts switched at once (default 1).") Integer maxParallel,
      @Min(0) @JsonPropertyDescription("Hosts switched first, alone, as a canary (default 0).")
          Integer canary,
      @JsonPropertyDescription(
              "How long each wave is watched healthy before the next: 60s, 5m (default 0).")
          IntOrString pause,
      @Min(0)
          @JsonPropertyDescription(
              "Hosts of the whole fleet that may fail before the rollout stops (default 0).")
          Integer maxFailed) {

    /** Batches only. */
    public Rollout(Integer maxParallel) {
      this(maxParallel, null, null, null);
    }
  }

  /** A deploy window. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Window(
      @Required @JsonPropertyDescription("allow or deny.") String kind,
      @Required @JsonPropertyDescription("Five-field cron: when the window opens.") String schedule,
      @Required @JsonPropertyDescription("How long it stays open: 8h, 30m.") IntOrString duration,
      @JsonPropertyDescription("IANA time zone the schedule is read in (default UTC).")
          String timeZone) {}

  /** A webhook. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Notify(
      @Required @JsonPropertyDescription("Where the webhook URL is: a secretRef (or a file).")
          SecretSourceSpec url,
      @JsonPropertyDescription("generic (JSON, HMAC-signed with secret) or slack.") String format,
      @JsonPropertyDescription("The events sent (default: all).") List<String> events,
      @JsonPropertyDescription("The HMAC-SHA256 key for X-Capstan-Signature.")
          SecretSourceSpec secret) {}

  /** Promotion from another Environment. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PromoteFrom(
      @Required @JsonPropertyDescription("The Environment (same Application) promoted from.")
          String environment,
      @JsonPropertyDescription("How long it must have run the commit Ready: 10m, 1h.")
          IntOrString healthyFor) {}
}
