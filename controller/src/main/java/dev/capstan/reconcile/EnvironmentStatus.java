package dev.capstan.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What the controller last knew of an Environment: the status file mode writes to its state folder
 * and Kubernetes mode to the resource's status subresource.
 *
 * @param revision the revision the spec asks for
 * @param commit the commit live on its hosts (when they all run the same one), else null
 * @param failedCommit the commit asked for whose release failed and is held back, else null
 * @param configurationError a desired-state problem that keeps the last good spec in force
 * @param lastReconcile when the controller last finished a reconcile of it
 */
public record EnvironmentStatus(
    String name,
    String revision,
    String commit,
    String failedCommit,
    List<Condition> conditions,
    List<HostStatus> hosts,
    String configurationError,
    Instant lastReconcile) {

  public EnvironmentStatus {
    conditions = List.copyOf(conditions);
    hosts = List.copyOf(hosts);
  }
}
