package dev.capstan.model;

/** Writes values from the YAML into messages so that each message stays one readable line. */
final class Messages {

  private static final int MAX_QUOTED = 80;

  private Messages() {}

  /** The text in double quotes, with quotes, backslashes and control characters escaped. */
  static String quote(String text) {
    String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    StringBuilder out = new StringBuilder("\"");
    shown.codePoints().forEach(c -> out.append(escape(c)));
    return out.append('"').toString();
  }

  /** One character as a message shows it: {@code "x"}, or {@code U+0009} when unprintable. */
  static String character(int codePoint) {
    return isPrintable(codePoint)
        ? quote(new String(Character.toChars(codePoint)))
        : String.format("U+%04X", codePoint);
  }

  /** A code point with its Unicode name, like {@code U+200B (ZERO WIDTH SPACE)}. */
  static String codePoint(int codePoint) {
    String name = Character.getName(codePoint);
    String number = String.format("U+%04X", codePoint);
    return name == null ? number : number + " (" + name + ")";
  }

  private static String escape(int c) {
    if (c == '"' || c == '\\') {
      return "\\" + (char) c;
    }
    return isPrintable(c) ? new String(Character.toChars(c)) : String.format("\\u%04x", c);
  }

  private static boolean isPrintable(int c) {
    // A space other than " " would read as one; the others show nothing or break the line.
    return !TextRules.isInvisible(c)
        && !(Character.getType(c) == Character.SPACE_SEPARATOR && c != ' ');
  }
}
