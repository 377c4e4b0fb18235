package dev.capstan.upkeep;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The versions of one project that distribution file names offer: wheels ({@code
 * name-version(-build)-python-abi-platform.whl}, name with {@code _}) and sdists ({@code
 * name-version.tar.gz}, {@code .zip}, {@code .tar.bz2}); names compared as PEP 503 says. This is
 * what a {@code findLinks} folder listing or a simple index page holds.
 */
public final class FileNames {

  private static final List<String> SDIST_SUFFIXES = List.of(".tar.gz", ".tar.bz2", ".zip");

  private FileNames() {}

  /**
   * The distinct versions of {@code projectName} among {@code fileNames}, ascending. Files of other
   * projects, other kinds, or with a version PEP 440 does not accept are skipped.
   */
  public static List<Pep440Version> versions(String projectName, Collection<String> fileNames) {
    String name = PackageName.normalize(projectName);
    TreeSet<Pep440Version> versions = new TreeSet<>();
    for (String file : fileNames) {
      version(name, file).ifPresent(versions::add);
    }
    return List.copyOf(versions);
  }

  /** The version in {@code fileName} when it is a distribution of the (normalised) {@code name}. */
  static Optional<Pep440Version> version(String name, String fileName) {
    if (fileName.endsWith(".whl")) {
      String[] parts = fileName.substring(0, fileName.length() - 4).split("-");
      if ((parts.length == 5 || parts.length == 6)
          && PackageName.normalize(parts[0]).equals(name)
          && Pep440Version.isValid(parts[1])) {
        return Optional.of(Pep440Version.parse(parts[1]));
      }
      return Optional.empty();
    }
    for (String suffix : SDIST_SUFFIXES) {
      if (fileName.endsWith(suffix)) {
        return sdistVersion(name, fileName.substring(0, fileName.length() - suffix.length()));
      }
    }
    return Optional.empty();
  }

  /** An sdist's name may hold dashes itself: try each dash as the one before the version. */
  private static Optional<Pep440Version> sdistVersion(String name, String stem) {
    for (int dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
      String prefix = stem.substring(0, dash);
      String rest = stem.substring(dash + 1);
      if (PackageName.normalize(prefix).equals(name) && Pep440Version.isValid(rest)) {
        return Optional.of(Pep440Version.parse(rest));
      }
    }
    return Optional.empty();
  }
}
