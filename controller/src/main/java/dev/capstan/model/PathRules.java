package dev.capstan.model;

/**
 * Rules for paths that end up in commands on remote hosts: strict characters, normalized form.
 *
 * <p>Each rule returns the path unchanged or throws with the first thing wrong with it.
 */
final class PathRules {

  private static final String ALLOWED = "only A-Z, a-z, 0-9 and \"._/-\" are allowed";

  private PathRules() {}

  /** An absolute, normalized path other than {@code /}, like {@code /var/www/app}. */
  static String absolute(String path) {
    requireNonEmpty(path);
    checkCharacters(path);
    if (!path.startsWith("/")) {
      throw new InvalidValueException("must be an absolute path (starting with \"/\")");
    }
    if (path.equals("/")) {
      throw new InvalidValueException("must not be \"/\"");
    }
    checkShape(path);
    for (String segment : path.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidValueException("must be normalized: no \".\" or \"..\" segments");
      }
    }
    return path;
  }

  /** A normalized path inside a release, like {@code media/uploads}; never empty. */
  static String relative(String path) {
    requireNonEmpty(path);
    checkCharacters(path);
    if (path.startsWith("/")) {
      throw new InvalidValueException("must be a relative path (no leading \"/\")");
    }
    if (path.startsWith("-")) {
      throw new InvalidValueException("must not start with \"-\"");
    }
    checkShape(path);
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        throw new InvalidValueException("must not contain \"..\" segments");
      }
      if (segment.equals(".")) {
        throw new InvalidValueException("must be normalized: no \".\" segments");
      }
    }
    return path;
  }

  /** Like {@link #relative}, but empty is allowed (and means "none" or "the whole tree"). */
  static String relativeOrEmpty(String path) {
    return path.isEmpty() ? path : relative(path);
  }

  /** A command name found on PATH, like {@code python3.12}, or an absolute path. */
  static String command(String command) {
    if (command.contains("/")) {
      return absolute(command);
    }
    requireNonEmpty(command);
    checkCharacters(command);
    if (command.startsWith("-") || command.equals(".") || command.equals("..")) {
      throw new InvalidValueException("must be a command name or an absolute path");
    }
    return command;
  }

  private static void requireNonEmpty(String path) {
    if (path.isEmpty()) {
      throw new InvalidValueException("must not be empty");
    }
  }

  private static void checkCharacters(String path) {
    TextRules.visible(path);
    int position = 0;
    for (int c : path.codePoints().toArray()) {
      position++;
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '/'
              || c == '-';
      if (!ok) {
        throw new InvalidValueException(
            "contains " + Messages.character(c) + " at position " + position + "; " + ALLOWED);
      }
    }
  }

  private static void checkShape(String path) {
    if (path.contains("//")) {
      throw new InvalidValueException("must not contain \"//\"");
    }
    if (path.endsWith("/")) {
      throw new InvalidValueException("must not end with \"/\"");
    }
  }
}
