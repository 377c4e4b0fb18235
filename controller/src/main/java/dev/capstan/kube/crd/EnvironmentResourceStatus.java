package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentResourceStatus(
    Long observedGeneration,
    String revision,
    @PrinterColumn(name = "Commit") String commit,
    @PrinterColumn(name = "Ready") String readyHosts,
    @PrinterColumn(name = "Phase") Phase phase,
    List<HostEntry> hosts,
    List<ConditionEntry> conditions,
    String configurationError,
    String lastReconcile) {

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
