package dev.capstan.release;

import dev.capstan.remote.StepResult;
import java.util.List;

/**
 * A step ran and failed on a host: the message names the step, its command, its real exit status
 * and the tail of its own output; {@link #host} names the host.
 */
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
    super(failure == null ? step + " failed: " + detail : describe(failure));
    this.host = host;
    this.step = step;
    this.detail = detail;
    this.failure = failure;
  }

  /** Longest a command is quoted in a message. */
  static final int COMMAND_CHARS = 80;

  /** Lines of a step's output tail quoted in a message. */
  static final int MESSAGE_TAIL_LINES = 3;

  /**
   * A failed step as a person reads it, without the host (whoever shows it names the host): {@code
   * build[0] `sh build-step` exited with status 3: boom: missing msgfmt}. The command is its first
   * line, at most {@value #COMMAND_CHARS} characters; the tail is the last {@value
   * #MESSAGE_TAIL_LINES} non-blank lines of the step's own stderr, else of its own stdout, joined
   * with "; ".
   */
  public static String describe(StepResult step) {
    String tail = lastLines(step.stderrTail().isBlank() ? step.stdoutTail() : step.stderrTail());
    String ended =
        step.exitStatus() == null ? "did not finish" : "exited with status " + step.exitStatus();
    return step.name()
        + " `"
        + shortCommand(step.command())
        + "` "
        + ended
        + (tail.isEmpty() ? "" : ": " + tail);
  }

  /** The first line of a command, cut to {@value #COMMAND_CHARS} characters with "…". */
  public static String shortCommand(String command) {
    String text = command == null ? "" : command.strip();
    int newline = text.indexOf('\n');
    boolean cut = newline >= 0;
    String first = cut ? text.substring(0, newline).strip() : text;
    if (first.length() > COMMAND_CHARS - 1) {
      return first.substring(0, COMMAND_CHARS - 1) + "…";
    }
    return cut ? first + " …" : first;
  }

  private static String lastLines(String tail) {
    List<String> lines = tail.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return String.join(
        "; ", lines.subList(Math.max(0, lines.size() - MESSAGE_TAIL_LINES), lines.size()));
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
