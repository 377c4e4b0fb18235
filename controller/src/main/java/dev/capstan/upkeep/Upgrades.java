package dev.capstan.upkeep;

import java.util.Collection;
import java.util.Comparator;

/**
 * Which available version to move an installed package to. Like pip, pre-releases (and dev
 * releases) are candidates only when the installed version is one already.
 */
public final class Upgrades {

  private Upgrades() {}

  /** The newest candidate above {@code current}; null when none is newer. */
  public static Pep440Version newest(Pep440Version current, Collection<Pep440Version> available) {
    return available.stream()
        .filter(v -> isCandidate(current, v))
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  /**
   * For {@code --security-only}: the smallest candidate above {@code current} that no advisory in
   * {@code snapshot} affects; null when {@code current} is not affected, or no candidate is free of
   * every advisory.
   */
  public static Pep440Version smallestFix(
      String name,
      Pep440Version current,
      Collection<Pep440Version> available,
      AdvisorySnapshot snapshot) {
    if (snapshot.affecting(name, current).isEmpty()) {
      return null;
    }
    return available.stream()
        .filter(v -> isCandidate(current, v))
        .sorted()
        .filter(v -> snapshot.affecting(name, v).isEmpty())
        .findFirst()
        .orElse(null);
  }

  private static boolean isCandidate(Pep440Version current, Pep440Version v) {
    return v.compareTo(current) > 0 && (!v.isPreRelease() || current.isPreRelease());
  }
}
