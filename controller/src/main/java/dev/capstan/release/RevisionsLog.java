package dev.capstan.release;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The lines of {@code <deployPath>/revisions.log}, one per switch: {@code TIME ENVIRONMENT COMMIT
 * RELEASE}, then (since who and why are recorded) {@code by="WHO"} and {@code reason="WHY"}, each a
 * double-quoted string with {@code \"} and {@code \\} escaped and no control characters. Older
 * four-field lines still parse; a line that is not one of these is skipped, never trusted.
 */
public final class RevisionsLog {

  /** Longest value written; the rest is cut, so a reason cannot swell the log. */
  static final int MAX_VALUE = 200;

  private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");
  private static final Pattern KEY = Pattern.compile("[a-z]{1,20}");

  private RevisionsLog() {}

  /**
   * One switch as logged.
   *
   * @param by who switched; null on lines older than the field or without it
   * @param reason why; null when none was given
   */
  public record Switch(
      Instant at, String environment, String commit, String release, String by, String reason) {}

  /**
   * What {@code capstan_switch} appends after the four fields: {@code by="WHO"} and, with a reason,
   * {@code reason="WHY"}, each behind a space; empty for no one.
   */
  public static String fields(SwitchedBy by) {
    if (by == null) {
      return "";
    }
    String fields = " by=" + quote(by.who());
    return by.reason() == null ? fields : fields + " reason=" + quote(by.reason());
  }

  /** {@code value} between double quotes, escaped, control characters as spaces, cut short. */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    value
        .codePoints()
        .limit(MAX_VALUE)
        .forEach(
            c -> {
              if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
              } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                quoted.append(' ');
              } else {
                quoted.appendCodePoint(c);
              }
            });
    return quoted.append('"').toString();
  }

  /** The switch a line records; empty for a line that is not one (forged, cut, blank). */
  public static Optional<Switch> parse(String line) {
    String[] head = line.split(" ", 5);
    if (head.length < 4
        || !ENVIRONMENT.matcher(head[1]).matches()
        || !COMMIT.matcher(head[2]).matches()
        || !ReleaseLayout.RELEASE_NAME.matcher(head[3]).matches()) {
      return Optional.empty();
    }
    Instant at;
    try {
      at = Instant.parse(head[0]);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    String by = null;
    String reason = null;
    String rest = head.length == 5 ? head[4] : "";
    int i = 0;
    while (i < rest.length()) {
      int equals = rest.indexOf('=', i);
      if (equals < 0 || equals + 1 >= rest.length() || rest.charAt(equals + 1) != '"') {
        break; // not a field of ours: what came before still counts
      }
      String key = rest.substring(i, equals);
      StringBuilder value = new StringBuilder();
      int end = unquote(rest, equals + 2, value);
      if (end < 0 || !KEY.matcher(key).matches()) {
        break;
      }
      if (key.equals("by")) {
        by = value.toString();
      } else if (key.equals("reason")) {
        reason = value.toString();
      }
      i = end;
      while (i < rest.length() && rest.charAt(i) == ' ') {
        i++;
      }
    }
    return Optional.of(
        new Switch(at, head[1], head[2], head[3], blankToNull(by), blankToNull(reason)));
  }

  /**
   * Reads a quoted value from {@code start} (after its opening quote): the index after it, or -1.
   */
  private static int unquote(String text, int start, StringBuilder value) {
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        value.append(text.charAt(++i));
      } else if (c == '"') {
        return i + 1;
      } else if (Character.isISOControl(c)) {
        return -1;
      } else {
        value.append(c);
      }
    }
    return -1;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
