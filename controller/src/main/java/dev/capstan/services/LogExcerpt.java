package dev.capstan.services;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of a service's log a person reads when it failed: its last lines, and, when the
 * exception that explains them scrolled out of those (gunicorn logs the worker's {@code
 * ModuleNotFoundError}, then the arbiter's own shutdown, and under load a traceback of its signal
 * handler), that exception's line first. Pure: the caller reads the log.
 */
public final class LogExcerpt {

  /** How many lines a caller reads from the log to look for the exception in. */
  public static final int READ_LINES = 80;

  /**
   * Python's last line of a traceback, not indented: {@code ModuleNotFoundError: No module named
   * 'x'}, {@code django.core.exceptions.ImproperlyConfigured: ...}, {@code KeyError: 'SECRET'}.
   */
  private static final Pattern EXCEPTION =
      Pattern.compile(
          "^(?:[A-Za-z_]\\w*\\.)*[A-Z]\\w*(?:Error|Exception|Configured|Exit)(?::.*)?$");

  private LogExcerpt() {}

  /**
   * The last {@code max} lines of {@code log}, after the last exception line above them when none
   * of them is one; blank lines at the ends dropped.
   */
  public static String focus(String log, int max) {
    List<String> lines = log.strip().lines().toList();
    if (lines.size() <= max) {
      return String.join("\n", lines);
    }
    List<String> tail = lines.subList(lines.size() - max, lines.size());
    if (tail.stream().anyMatch(LogExcerpt::isException)) {
      return String.join("\n", tail);
    }
    for (int i = lines.size() - max - 1; i >= 0; i--) {
      if (isException(lines.get(i))) {
        List<String> excerpt = new ArrayList<>();
        excerpt.add(lines.get(i));
        int skipped = lines.size() - max - i - 1;
        if (skipped > 0) {
          excerpt.add("… " + skipped + " line(s) …");
        }
        excerpt.addAll(tail);
        return String.join("\n", excerpt);
      }
    }
    return String.join("\n", tail);
  }

  private static boolean isException(String line) {
    return EXCEPTION.matcher(line).matches();
  }
}
