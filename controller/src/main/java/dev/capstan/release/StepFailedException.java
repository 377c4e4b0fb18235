package dev.capstan.release;

/** A step ran and failed on a host: the message names the host, the step and why. */
public class StepFailedException extends Exception {

  private final String host;
  private final String step;
  private final String detail;

  public StepFailedException(String host, String step, String detail) {
    super(host + ": " + step + " failed: " + detail);
    this.host = host;
    this.step = step;
    this.detail = detail;
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
}
