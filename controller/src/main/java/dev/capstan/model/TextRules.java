package dev.capstan.model;

/** Rules for free text: shell commands, secret file names, repository URLs and references. */
final class TextRules {

  private TextRules() {}

  /** Any text but the empty one; commands are the operator's own and may contain anything. */
  static String nonEmpty(String text) {
    if (text.isBlank()) {
      throw new InvalidValueException("must not be empty");
    }
    return text;
  }

  /** A repository URL or path: not empty, and no whitespace, control or invisible characters. */
  static String url(String text) {
    nonEmpty(text);
    visible(text);
    for (int c : text.codePoints().toArray()) {
      if (Character.isWhitespace(c)) {
        throw new InvalidValueException("contains " + Messages.character(c));
      }
    }
    return text;
  }

  /** A name written once and compared with others: not empty, and every character visible. */
  static String nonEmptyVisible(String text) {
    return nonEmpty(visible(text));
  }

  /**
   * The text unchanged, or an exception naming its first control or invisible character: one that
   * shows nothing (a zero-width space, a bidirectional override) or breaks a line where none is
   * seen, so that two values that read alike are alike.
   */
  static String visible(String text) {
    String problem = invisibleCharacter(text);
    if (problem != null) {
      throw new InvalidValueException(problem);
    }
    return text;
  }

  /** What {@link #visible} objects to, like {@code contains the invisible character …}, or null. */
  static String invisibleCharacter(String text) {
    int position = 0;
    for (int c : text.codePoints().toArray()) {
      position++;
      if (isInvisible(c)) {
        return "contains the "
            + (Character.getType(c) == Character.CONTROL ? "control" : "invisible")
            + " character "
            + Messages.codePoint(c)
            + " at position "
            + position;
      }
    }
    return null;
  }

  /** Unicode categories Cc, Cf, Zl and Zp: control, format, line and paragraph separators. */
  static boolean isInvisible(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
