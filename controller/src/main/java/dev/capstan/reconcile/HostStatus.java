package dev.capstan.reconcile;

import dev.capstan.services.ServiceState;
import java.time.Instant;
import java.util.List;

/**
 * One host in an Environment's recorded status.
 *
 * @param commit the commit of the live release, null when none or unknown
 * @param reason why it is in its state (see {@link Reason})
 * @param failedCommit the commit whose release failed here and is held back, null when none
 * @param lastError the last failure on this host, kept until it converges again
 * @param lastDrift when drift was last corrected here, null when never
 * @param lastDriftReason what was corrected then
 * @param driftCorrections how many corrections this controller made here
 * @param services each service the host runs, as last observed (empty when none)
 * @param wave the wave of the last rollout that reached it (0 the canary, then 1, 2, …), null when
 *     none did
 * @param verdict what became of it in that rollout: {@code switched}, {@code healthy}, {@code
 *     failed: why}, {@code rolled back} or {@code not reached}; null when none reached it
 */
public record HostStatus(
    String host,
    String release,
    String commit,
    HostState state,
    Reason reason,
    String message,
    String failedCommit,
    String lastError,
    Instant lastDrift,
    String lastDriftReason,
    int driftCorrections,
    List<ServiceState> services,
    Integer wave,
    String verdict) {

  public HostStatus {
    services = services == null ? List.of() : List.copyOf(services);
  }

  /** A host no rollout wave reached. */
  public HostStatus(
      String host,
      String release,
      String commit,
      HostState state,
      Reason reason,
      String message,
      String failedCommit,
      String lastError,
      Instant lastDrift,
      String lastDriftReason,
      int driftCorrections,
      List<ServiceState> services) {
    this(
        host,
        release,
        commit,
        state,
        reason,
        message,
        failedCommit,
        lastError,
        lastDrift,
        lastDriftReason,
        driftCorrections,
        services,
        null,
        null);
  }

  /** A host that runs no services. */
  public HostStatus(
      String host,
      String release,
      String commit,
      HostState state,
      Reason reason,
      String message,
      String failedCommit,
      String lastError,
      Instant lastDrift,
      String lastDriftReason,
      int driftCorrections) {
    this(
        host,
        release,
        commit,
        state,
        reason,
        message,
        failedCommit,
        lastError,
        lastDrift,
        lastDriftReason,
        driftCorrections,
        List.of(),
        null,
        null);
  }
}
