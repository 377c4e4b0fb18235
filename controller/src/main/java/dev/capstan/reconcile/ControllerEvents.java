package dev.capstan.reconcile;

import java.time.Duration;
import java.util.Map;

/**
 * What the controller tells the world as it works: metrics in both modes, Kubernetes Events in
 * Kubernetes mode. Every method has a no-op default.
 */
public interface ControllerEvents {

  ControllerEvents NONE = new ControllerEvents() {};

  default void reconciled(String environment, Duration took, boolean ok) {}

  /** A scheduled backup ended at {@code at}: taken and verified, or why not. */
  default void backedUp(
      String environment, dev.capstan.backup.BackupResult result, java.time.Instant at) {}

  /** A dependency check of {@code environment} ended: what its live releases depend on. */
  default void dependenciesChecked(String environment, DependencyStatus dependencies) {}

  /** A host began building a release (a new commit or recipe, or one that drifted away). */
  default void buildStarted(String environment, String host, String release) {}

  default void deployed(String environment, String commit) {}

  default void rolledBack(String environment, String host, String message) {}

  /**
   * A pass did not converge: {@code message} is why (a source error, else the first host that is
   * not Ready). Told on every such pass; a repeat of the last failure is no news.
   */
  default void failed(String environment, String message) {}

  /**
   * A pass held the desired commit back on purpose: it failed here before, and nothing is tried
   * until the revision or the recipe moves on. Told on every such pass; the failure itself was told
   * by {@link #failed} when it happened (unless this controller was not running then).
   */
  default void heldBack(String environment, String message) {}

  /** A pass converged: every host runs the desired release; failures told before are over. */
  default void converged(String environment) {}

  /** A host drifted and a pass put it back: {@code change} says what kind of drift, and how. */
  default void driftCorrected(String environment, String host, Change change) {}

  default void hostStates(String environment, Map<String, Integer> hostsByState) {}

  /** The Environment left the desired state: drop what is kept about it. */
  default void forgotten(String environment) {}
}
