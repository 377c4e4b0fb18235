package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What the controller reports on an Environment, written only through the status subresource.
 *
 * @param observedGeneration the {@code metadata.generation} whose spec this status reflects
 * @param revision the revision that spec asks for
 * @param commit the commit it resolved to
 * @param readyHosts {@code READY/ALL}, like {@code 2/3}
 * @param configurationError what {@code capstan validate} says of the spec, when it is invalid
 * @param lastReconcile when the controller last finished a reconcile, RFC 3339
 * @param shard with sharding, which shard and replica reconcile this Environment
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentResourceStatus(
    @JsonPropertyDescription("The metadata.generation whose spec this status reflects.")
        Long observedGeneration,
    @JsonPropertyDescription("The revision the spec asks for.") String revision,
    @JsonPropertyDescription("The full commit id live on the hosts (when they all run one).")
        String commit,
    @JsonPropertyDescription("The commit asked for whose release failed and is held back.")
        String failedCommit,
    @JsonPropertyDescription("Hosts that run the desired release, of all: READY/ALL, like 2/3.")
        String readyHosts,
    @JsonPropertyDescription(
            "One word for kubectl get, what the conditions say, worst first: Invalid, Degraded,"
                + " Progressing, Ready or Pending.")
        Phase phase,
    @JsonPropertyDescription("Each host: its live release and commit, state and why.")
        List<HostEntry> hosts,
    @JsonPropertyDescription("Ready, Progressing and Degraded, as Kubernetes conditions.")
        List<ConditionEntry> conditions,
    @JsonPropertyDescription(
            "What capstan validate says of the spec when it is invalid; the last valid spec"
                + " stays in force.")
        String configurationError,
    @JsonPropertyDescription("When the controller last finished a reconcile, RFC 3339.")
        String lastReconcile,
    @JsonPropertyDescription(
            "What the pin or a veto did: pinned to 3f2a9c1 by rollback: \"reason\", or held:"
                + " 9b1e2aa is vetoed.")
        String pinNote,
    @JsonPropertyDescription(
            "With several replicas sharing the work: the shard this Environment's hosts belong"
                + " to and the replica that holds it, like 3/16 capstan-7d9f-x2k4.")
        String shard) {

  /** This status as written by the holder of {@code shard} (null outside sharding). */
  public EnvironmentResourceStatus withShard(String shard) {
    return new EnvironmentResourceStatus(
        observedGeneration,
        revision,
        commit,
        failedCommit,
        readyHosts,
        phase,
        hosts,
        conditions,
        configurationError,
        lastReconcile,
        pinNote,
        shard);
  }

  /** One word for {@code kubectl get}: what the conditions say, worst first. */
  public enum Phase {
    /** The spec is invalid; the last valid one, if any, stays in force. */
    Invalid,
    /** A host failed or a rollout was rolled back. */
    Degraded,
    /** A rollout is under way or hosts are out of sync. */
    Progressing,
    /** Every host runs the desired release. */
    Ready,
    /** Not reconciled yet. */
    Pending
  }
}
