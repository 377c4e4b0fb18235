package dev.capstan.reconcile;

/** Where a host stands after a rollout or an observation, as shown in status. */
public enum HostState {
  /** Runs the desired release, healthy as far as known. */
  Ready,
  /** Reachable, but its live release is not the desired one (or a shared link is missing). */
  OutOfSync,
  /** Could not be connected to or observed. */
  Unreachable,
  /** A step failed; the live release was left as it was. */
  Failed,
  /** The new release failed its health check; the previous one is live again. */
  RolledBack,
  /** Waiting for other hosts: built, not switched because the rollout stopped. */
  Pending
}
