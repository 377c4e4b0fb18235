package dev.capstan.reconcile;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a host or an Environment is where it is: the one set of reasons conditions, host lines,
 * Events and metrics use, in both modes. The constant's name is its wire name (CamelCase, as
 * Kubernetes condition reasons are). A <em>stalled</em> reason needs a person: nothing is tried
 * again until something it depends on changes (the spec, the known_hosts or key file, a Secret) or
 * {@link Stall#CAP} passes. Any other failure is <em>waiting</em>: retried with backoff.
 */
public enum Reason {
  /** Every host runs the desired release and is healthy (Ready=True, Progressing=False). */
  Converged(false),
  /** No host is failing or unreachable (Degraded=False). */
  Healthy(false),
  /** A live release has a package an advisory affects (Vulnerable=True). */
  Vulnerable(false),
  /** No live release has a package an advisory affects (Vulnerable=False). */
  NoKnownVulnerabilities(false),
  /** A changed spec is being rolled out: set when the reconcile starts. */
  RollingOut(false),
  /** Some host does not run the desired release yet; the next pass changes it. */
  OutOfSync(false),
  /** A host built the release but did not switch: another host's failure held it back. */
  Pending(false),
  /** The new release failed on switching; the previous one is live again. */
  RolledBack(true),
  /** A build step (or the upload and preparation of the release) failed for this commit. */
  BuildFailed(true),
  /** A migrate step failed for this commit. */
  MigrateFailed(true),
  /** An activate step failed and there was nothing to roll back to. */
  ActivateFailed(true),
  /** The health check failed and there was nothing to roll back to. */
  HealthCheckFailed(true),
  /** Another of Capstan's own steps failed on the host (switch, relink, virtualenv repair). */
  StepFailed(false),
  /** The host's key is unknown, changed or revoked in known_hosts. */
  HostKeyRefused(true),
  /** The host refused the login, or the private key cannot be read. */
  LoginRefused(true),
  /** A Secret, key or known_hosts file the Environment names is missing or unusable. */
  CredentialMissing(true),
  /**
   * Kubernetes mode: a Secret (or one of its keys) the Environment names is missing; Progressing
   * stays False until it is created.
   */
  SecretMissing(true),
  /** The host cannot be reached: network, DNS, a refused or cut connection. */
  Unreachable(false),
  /** A command on the host ran longer than its timeout. */
  Timeout(false),
  /** Another live deployer holds the host's lock. */
  LockBusy(false),
  /** The desired state is invalid; the last good spec stays in force. */
  InvalidSpec(true),
  /** The revision could not be resolved or fetched from the repository. */
  SourceError(false);

  private final boolean stalled;

  Reason(boolean stalled) {
    this.stalled = stalled;
  }

  /** True when a person must act: retrying cannot help until an input changes. */
  public boolean stalled() {
    return stalled;
  }

  /**
   * True when trying again means the same refusal: a host key, a login or a credential. An
   * Environment stalled for one is not connected to again until its inputs change (see {@link
   * Stall}).
   */
  public boolean refusesAccess() {
    return this == HostKeyRefused || this == LoginRefused || this == CredentialMissing;
  }

  /** The reason named by {@code wire}, if any. */
  public static Optional<Reason> fromWire(String wire) {
    return Arrays.stream(values()).filter(r -> r.name().equals(wire)).findFirst();
  }
}
