package dev.capstan.release;

/**
 * Receives a line per step as a host moves through a rollout; printed by the CLI, logged by the
 * controller.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (host, message) -> {};

  void progress(String host, String message);

  /** A host starts building {@code release}; also reported as a progress line. */
  default void buildStarted(String host, String release) {}

  /**
   * Whether each step's own output is wanted ({@code -v}): then every step that ran is reported
   * with its command, exit status and the tails of its output, as a progress line.
   */
  default boolean verbose() {
    return false;
  }
}
