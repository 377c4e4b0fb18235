package dev.capstan.reconcile;

/**
 * Where a host stands after a rollout or an observation, as shown in status; the constant's name is
 * its wire name ({@code status -o json}, the Kubernetes status). Its {@link Reason} says why.
 */
public enum HostState {
  /** Runs the desired release, healthy as far as known. */
  Ready,
  /** Reachable, but its live release is not the desired one (or a shared link is missing). */
  OutOfSync,
  /** Could not be connected to or observed; retried with backoff. */
  Unreachable,
  /** A step failed, or the host refused Capstan; the live release was left as it was. */
  Failed,
  /** The new release failed on switching; the previous one is live again. */
  RolledBack,
  /** Waiting for other hosts: built, not switched because the rollout stopped. */
  Pending,
  /** Waiting for something that passes by itself (a lock held by another deployer, a timeout). */
  Waiting
}
