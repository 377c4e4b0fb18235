package dev.capstan.reconcile;

import dev.capstan.services.ServiceState;
import java.util.List;

/**
 * One host's line in status.
 *
 * @param release the live release, null when none
 * @param commit the live release's commit, null when unknown
 * @param reason why it is in its state
 * @param message why it is not Ready, or what was done; never names the host itself
 * @param failedCommit the desired commit when its release failed here, else null
 * @param actions what {@code apply} would still do on it (empty when in sync)
 * @param changes what this pass changed on it (empty when nothing)
 * @param services each service the host runs, as observed last (empty when the app has none)
 * @param wave the rollout wave this pass switched it in (0 the canary, then 1, 2, …), null when it
 *     was in none
 * @param verdict what became of it in the waves ({@code switched}, {@code healthy}, {@code failed:
 *     why}, {@code rolled back}, {@code not reached}), null when it was in none
 */
public record HostReport(
    String host,
    String release,
    String commit,
    HostState state,
    Reason reason,
    String message,
    String failedCommit,
    List<String> actions,
    List<Change> changes,
    List<ServiceState> services,
    Integer wave,
    String verdict) {

  public HostReport {
    actions = List.copyOf(actions);
    changes = List.copyOf(changes);
    services = List.copyOf(services);
  }

  /** A host this pass switched in no wave. */
  public HostReport(
      String host,
      String release,
      String commit,
      HostState state,
      Reason reason,
      String message,
      String failedCommit,
      List<String> actions,
      List<Change> changes,
      List<ServiceState> services) {
    this(
        host,
        release,
        commit,
        state,
        reason,
        message,
        failedCommit,
        actions,
        changes,
        services,
        null,
        null);
  }

  /** A host of an Application without services. */
  public HostReport(
      String host,
      String release,
      String commit,
      HostState state,
      Reason reason,
      String message,
      String failedCommit,
      List<String> actions,
      List<Change> changes) {
    this(host, release, commit, state, reason, message, failedCommit, actions, changes, List.of());
  }
}
