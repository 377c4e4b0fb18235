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
 * @param pins the pin and vetoes in force (a lapsed pin left out)
 * @param pinNote what the pin or a veto did ({@code pinned to 3f2a9c1 by pin: "reason"}, {@code
 *     held: 9b1e2aa is vetoed}), else null
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
    String heldBack,
    dev.capstan.model.PinState pins,
    String pinNote) {

  public RolloutReport {
    hosts = List.copyOf(hosts);
    pins = pins == null ? dev.capstan.model.PinState.NONE : pins;
  }

  /** A report with no pin or veto in force. */
  public RolloutReport(
      String environment,
      String revision,
      String commit,
      List<HostReport> hosts,
      String error,
      Reason errorReason,
      boolean changed,
      boolean followsBranch,
      String heldBack) {
    this(
        environment,
        revision,
        commit,
        hosts,
        error,
        errorReason,
        changed,
        followsBranch,
        heldBack,
        null,
        null);
  }

  /**
   * The report of an observation that deploys nothing on purpose: no commit is desired, and why.
   */
  public RolloutReport heldBack(String why) {
    return new RolloutReport(
        environment, revision, null, hosts, null, null, false, followsBranch, why, pins, pinNote);
  }

  /** The same report saying which pin and vetoes were in force, and what they did. */
  public RolloutReport withPins(dev.capstan.model.PinState inForce, String note) {
    return new RolloutReport(
        environment,
        revision,
        commit,
        hosts,
        error,
        errorReason,
        changed,
        followsBranch,
        heldBack,
        inForce,
        note);
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
