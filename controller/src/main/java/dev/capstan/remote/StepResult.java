package dev.capstan.remote;

/**
 * How one step of a remote script ended.
 *
 * @param index its place in the script, from 0
 * @param name what progress and errors call it ({@code build[0]}, {@code health check}, …)
 * @param command what it ran, as the recipe gave it
 * @param exitStatus its real exit status, null when it never ended
 * @param stdoutTail the last lines of its standard output sent back, or empty
 * @param stderrTail the last lines of its standard error sent back, or empty
 */
public record StepResult(
    int index,
    String name,
    String command,
    Integer exitStatus,
    String stdoutTail,
    String stderrTail) {

  /** Its exit status, then the tail of its own standard error, else of its standard output. */
  public String detail() {
    String tail = stderrTail.isBlank() ? stdoutTail : stderrTail;
    return "exit status " + exitStatus + (tail.isBlank() ? "" : "\n" + tail);
  }
}
