package dev.capstan.model;

/** Rules for free text: shell commands, secret file names and repository URLs. */
final class TextRules {

  private TextRules() {}

  /** Any text but the empty one; commands are the operator's own and may contain anything. */
  static String nonEmpty(String text) {
    if (text.isBlank()) {
      throw new InvalidValueException("must not be empty");
    }
    return text;
  }

  /** A repository URL or path: not empty, and no whitespace or control characters. */
  static String url(String text) {
    nonEmpty(text);
    for (int c : text.codePoints().toArray()) {
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidValueException("contains " + Messages.character(c));
      }
    }
    return text;
  }
}
