package dev.capstan.upkeep;

import java.util.Locale;
import java.util.regex.Pattern;

/** Python project names compared as PEP 503 says, so {@code Demo_Lib} and {@code demo-lib} meet. */
public final class PackageName {

  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  private PackageName() {}

  /**
   * PEP 503's normal form: lower case, each run of {@code -}, {@code _} and {@code .} one {@code
   * -}.
   */
  public static String normalize(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("package name is empty");
    }
    return SEPARATORS.matcher(name.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
  }
}
