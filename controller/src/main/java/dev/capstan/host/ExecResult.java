package dev.capstan.host;

import java.util.Arrays;
import java.util.List;

/** What a finished command left behind: exit status and its two output streams. */
public record ExecResult(int exitStatus, String stdout, String stderr) {

  public boolean succeeded() {
    return exitStatus == 0;
  }

  /** The last {@code lines} lines of standard error, for error messages. */
  public String stderrTail(int lines) {
    return tail(stderr, lines);
  }

  /** The last {@code lines} lines of standard output, for error messages. */
  public String stdoutTail(int lines) {
    return tail(stdout, lines);
  }

  private static String tail(String text, int lines) {
    List<String> all = Arrays.asList(text.strip().split("\n"));
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
