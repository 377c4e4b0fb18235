package dev.capstan.model;

import java.util.regex.Pattern;

/**
 * Rules for what reaches a shell or a supervisor's configuration on a host: environment names and
 * values, service and role names, arguments of a service's command line.
 */
final class EnvRules {

  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final int MAX_NAME = 63;

  private EnvRules() {}

  /** An environment variable's name: {@code [A-Za-z_][A-Za-z0-9_]*}. */
  static String envKey(String key) {
    if (!ENV_KEY.matcher(key).matches()) {
      throw new InvalidValueException(
          "must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*), not "
              + Messages.quote(key));
    }
    if (key.equals("CAPSTAN_RELEASE")) {
      throw new InvalidValueException(
          "CAPSTAN_RELEASE is set by Capstan: the release a process runs");
    }
    return key;
  }

  /** A value handed to a shell or a process: any text without NUL or control characters. */
  static String shellText(String text) {
    int position = 0;
    for (int c : text.codePoints().toArray()) {
      position++;
      if (Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029) {
        throw new InvalidValueException(
            "contains the control character " + Messages.codePoint(c) + " at position " + position);
      }
    }
    return text;
  }

  /** A command line: not empty, and no control characters. */
  static String command(String text) {
    return shellText(TextRules.nonEmpty(text));
  }

  /** A service's or role's name: {@code [a-z][a-z0-9-]*}, at most 63 characters. */
  static String name(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new InvalidValueException(
          "must start with a lowercase letter and hold only a-z, 0-9 and '-', not "
              + Messages.quote(name));
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidValueException("must be at most " + MAX_NAME + " characters");
    }
    return name;
  }
}
