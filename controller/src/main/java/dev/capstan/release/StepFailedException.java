package dev.capstan.release;

import dev.capstan.remote.StepResult;

/** A step ran and failed on a host: the message names the host, the step and why. */
public class StepFailedException extends Exception {

  private final String host;
  private final String step;
  private final String detail;
  private final StepResult failure;

  public StepFailedException(String host, String step, String detail) {
    this(host, step, detail, null);
  }

  /** The failing step as the script reported it: name, command, real status, output tails. */
  public StepFailedException(String host, StepResult failure) {
    this(host, failure.name(), failure.detail(), failure);
  }

  private StepFailedException(String host, String step, String detail, StepResult failure) {
    super(host + ": " + step + " failed: " + detail);
    this.host = host;
    this.step = step;
    this.detail = detail;
    this.failure = failure;
  }

  /** Exit status and the tail of the step's output. */
  public String detail() {
    return detail;
  }

  public String host() {
    return host;
  }

  public String step() {
    return step;
  }

  /**
   * The step as its script reported it (command, real exit status, its own stderr and stdout
   * tails); null when the failure was not a script's.
   */
  public StepResult failure() {
    return failure;
  }
}
