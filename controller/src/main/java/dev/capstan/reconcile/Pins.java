package dev.capstan.reconcile;

import dev.capstan.model.PinState;
import java.util.List;

/**
 * The port to where the pins and vetoes set by command are kept: the state folder in file mode, the
 * Environment resource's spec in Kubernetes mode. {@code pin}, {@code veto} and {@code rollback}
 * write through it; commits given here are full ones, already resolved.
 */
public interface Pins {

  /** Why the pins could not be read or written (a file, the API server); says which. */
  final class PinsException extends Exception {
    public PinsException(String message, Throwable cause) {
      super(message, cause);
    }

    public PinsException(String message) {
      super(message);
    }
  }

  /** Pins the Environment to {@code commit}, replacing any pin it had. */
  void pin(String environment, String commit, String reason, String setBy) throws PinsException;

  /**
   * Lifts the Environment's pin.
   *
   * @return whether it had one
   */
  boolean unpin(String environment) throws PinsException;

  /** Vetoes {@code commit} on the Environment (again: the reason is replaced). */
  void veto(String environment, String commit, String reason) throws PinsException;

  /**
   * Lifts the vetoes naming {@code commit} (a full commit, or one a veto's short commit prefixes).
   *
   * @return whether there was one
   */
  boolean unveto(String environment, String commit) throws PinsException;

  /**
   * What a rollback sets, at once: the pin (by {@code rollback}) on {@code commit} and a veto on
   * each of {@code vetoes}, all with {@code reason}. By default one call after the other.
   */
  default void rollback(String environment, String commit, String reason, List<String> vetoes)
      throws PinsException {
    for (String veto : vetoes) {
      veto(environment, veto, reason);
    }
    pin(environment, commit, reason, dev.capstan.model.Pin.BY_ROLLBACK);
  }

  /** The Environment's pin and vetoes as set here; {@link PinState#NONE} when none. */
  PinState read(String environment) throws PinsException;
}
