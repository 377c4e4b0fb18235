package dev.capstan.host;

/** Quoting for {@code /bin/sh}: the one way values enter a remote script. */
public final class Shell {

  private Shell() {}

  /**
   * Quotes {@code value} as one word for a POSIX shell: single quotes around it, each embedded
   * single quote written as {@code '\''}.
   */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
