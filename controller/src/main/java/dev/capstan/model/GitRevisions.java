package dev.capstan.model;

import java.util.regex.Pattern;

/**
 * Checks that a revision is a plausible commit id or ref name, following the rules of {@code git
 * check-ref-format} (one-level names like {@code main} allowed).
 */
final class GitRevisions {

  static final int MAX_LENGTH = 255;

  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{4,40}");
  private static final Pattern PIN_COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");
  private static final String FORBIDDEN = "~^:?*[\\";

  private GitRevisions() {}

  /** A commit id as a pin or veto names one: 7 to 40 hex digits, lower-cased. */
  static String commit(String text) {
    if (!PIN_COMMIT.matcher(text).matches()) {
      throw new InvalidValueException("must be a commit id: 7 to 40 hexadecimal digits");
    }
    return text.toLowerCase(java.util.Locale.ROOT);
  }

  /** The revision unchanged, or an exception saying what git would object to. */
  static String check(String revision) {
    if (revision.equals("HEAD") || COMMIT.matcher(revision).matches()) {
      return revision;
    }
    String reason = refNameProblem(revision);
    if (reason != null) {
      throw new InvalidValueException("not a commit id or valid ref name: " + reason);
    }
    return revision;
  }

  private static String refNameProblem(String name) {
    if (name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters";
    }
    String character = badCharacter(name);
    if (character != null) {
      return character;
    }
    if (name.startsWith("-")) {
      return "must not start with \"-\"";
    }
    for (String sequence : new String[] {"..", "@{", "//"}) {
      if (name.contains(sequence)) {
        return "contains " + Messages.quote(sequence);
      }
    }
    if (name.equals("@")) {
      return "must not be \"@\"";
    }
    return shapeProblem(name);
  }

  private static String badCharacter(String name) {
    String invisible = TextRules.invisibleCharacter(name);
    if (invisible != null) {
      return invisible;
    }
    for (int c : name.codePoints().toArray()) {
      if (c == ' ') {
        return "contains a space";
      }
      if (FORBIDDEN.indexOf(c) >= 0) {
        return "contains " + Messages.character(c);
      }
    }
    return null;
  }

  private static String shapeProblem(String name) {
    if (name.startsWith("/") || name.endsWith("/")) {
      return "must not start or end with \"/\"";
    }
    if (name.endsWith(".")) {
      return "must not end with \".\"";
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".")) {
        return "a part must not start with \".\"";
      }
      if (component.endsWith(".lock")) {
        return "a part must not end with \".lock\"";
      }
    }
    return null;
  }
}
