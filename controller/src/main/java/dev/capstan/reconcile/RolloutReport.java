package dev.capstan.reconcile;

import java.util.List;

/**
 * The outcome of observing or converging one Environment.
 *
 * @param commit the resolved commit, null when the revision could not be resolved
 * @param error what stopped the whole rollout (bad revision, credentials), else null
 * @param changed whether any host was changed
 */
public record RolloutReport(
    String environment, String revision, String commit, List<HostReport> hosts, String error,
    boolean changed) {

  public RolloutReport {
    hosts = List.copyOf(hosts);
  }

  public boolean converged() {
    return error == null && hosts.stream().allMatch(h -> h.state() == HostState.Ready);
  }
}
