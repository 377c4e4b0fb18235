package dev.capstan.model;

/** Rules for Kubernetes-style names: resource names, Secret names and Secret keys. */
final class ResourceNames {

  static final int MAX_LABEL = 63;
  static final int MAX_SUBDOMAIN = 253;

  private static final String KEY_CHARACTERS = "letters, digits, \"-\", \"_\" and \".\"";

  private ResourceNames() {}

  /** A DNS-1123 label, like {@code broken-brackets}: what metadata.name must be. */
  static String label(String name) {
    return check(name, MAX_LABEL, "lowercase letters, digits and \"-\"", false);
  }

  /** A DNS-1123 subdomain, like {@code deploy-key.v2}: what a Secret's name must be. */
  static String subdomain(String name) {
    return check(name, MAX_SUBDOMAIN, "lowercase letters, digits, \"-\" and \".\"", true);
  }

  /** A key of a Secret's data, like {@code id_ed25519}. */
  static String secretKey(String key) {
    if (key.isEmpty() || key.length() > MAX_SUBDOMAIN) {
      throw new InvalidValueException("must be 1 to " + MAX_SUBDOMAIN + " characters");
    }
    TextRules.visible(key);
    for (int c : key.codePoints().toArray()) {
      if (!isLowerAlnum(Character.toLowerCase(c)) && c != '-' && c != '_' && c != '.') {
        throw new InvalidValueException(
            "contains " + Messages.character(c) + "; only " + KEY_CHARACTERS + " are allowed");
      }
    }
    return key;
  }

  private static String check(String name, int max, String allowed, boolean dots) {
    if (name.isEmpty()) {
      throw new InvalidValueException("must not be empty");
    }
    if (name.length() > max) {
      throw new InvalidValueException("must be at most " + max + " characters");
    }
    TextRules.visible(name);
    for (int c : name.codePoints().toArray()) {
      if (!isLowerAlnum(c) && c != '-' && !(dots && c == '.')) {
        throw new InvalidValueException(
            "contains " + Messages.character(c) + "; only " + allowed + " are allowed");
      }
    }
    for (String part : dots ? name.split("\\.", -1) : new String[] {name}) {
      if (part.isEmpty()
          || !isLowerAlnum(part.charAt(0))
          || !isLowerAlnum(part.charAt(part.length() - 1))) {
        throw new InvalidValueException(
            dots
                ? "each \".\"-separated part must start and end with a lowercase letter or digit"
                : "must start and end with a lowercase letter or digit");
      }
    }
    return name;
  }

  private static boolean isLowerAlnum(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
