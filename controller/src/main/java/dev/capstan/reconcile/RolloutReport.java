package dev.capstan.reconcile;

import java.util.List;

/**
 * The outcome of observing or converging one Environment.
 *
 * @param commit the resolved commit, null when the revision could not be resolved
 * @param error what stopped the whole rollout (bad revision, credentials), else null
 * @param errorReason why the whole rollout stopped, null when it did not
 * @param changed whether any host was changed
 * @param followsBranch whether the revision names a branch whose new tips deploy
 * @param heldBack why nothing was deployed on purpose (the commit failed before), else null
 */
public record RolloutReport(
    String environment,
    String revision,
    String commit,
    List<HostReport> hosts,
    String error,
    Reason errorReason,
    boolean changed,
    boolean followsBranch,
    String heldBack) {

  public RolloutReport {
    hosts = List.copyOf(hosts);
  }

  /**
   * The reason that needs a person, when one does: the whole rollout's, else the worst host's (a
   * refused host key before a failed commit). Empty when every problem passes by itself.
   */
  public java.util.Optional<Reason> stalled() {
    if (errorReason != null) {
      return errorReason.stalled()
          ? java.util.Optional.of(errorReason)
          : java.util.Optional.empty();
    }
    return hosts.stream()
        .map(HostReport::reason)
        .filter(r -> r != null && r.stalled())
        .min(java.util.Comparator.naturalOrder());
  }

  public boolean converged() {
    return error == null && hosts.stream().allMatch(h -> h.state() == HostState.Ready);
  }
}
