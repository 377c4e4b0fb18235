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

  /** A host began building a release (a new commit or recipe, or one that drifted away). */
  default void buildStarted(String environment, String host, String release) {}

  default void deployed(String environment, String commit) {}

  default void rolledBack(String environment, String host, String message) {}

  default void failed(String environment, String message) {}

  default void driftCorrected(String environment, String host, String reason) {}

  default void hostStates(String environment, Map<String, Integer> hostsByState) {}

  /** The Environment left the desired state: drop what is kept about it. */
  default void forgotten(String environment) {}
}
