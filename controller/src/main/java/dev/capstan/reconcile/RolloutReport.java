package dev.capstan.reconcile;

import java.util.List;

/**
 * The outcome of observing or converging one Environment.
 *
 * @param commit the resolved commit, null when the revision could not be resolved
 * @param error what stopped the whole rollout (bad revision, credentials), else null
 * @param changed whether any host was changed
 * @param followsBranch whether the revision names a branch whose new tips deploy
 * @param heldBack why nothing was deployed on purpose (the commit failed before), else null
 */
public record RolloutReport(
    String environment, String revision, String commit, List<HostReport> hosts, String error,
    boolean changed, boolean followsBranch, String heldBack) {

  public RolloutReport {
    hosts = List.copyOf(hosts);
  }

  public boolean converged() {
    return error == null && hosts.stream().allMatch(h -> h.state() == HostState.Ready);
  }
}
