package dev.capstan.model;

import java.util.Collection;
import java.util.Optional;

/** Finds the allowed word closest to a misspelt one, by Levenshtein distance. */
final class Suggestions {

  static final int MAX_DISTANCE = 3;

  private Suggestions() {}

  /** The candidate nearest to {@code word} within {@link #MAX_DISTANCE}; ties go to the first. */
  static Optional<String> nearest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String candidate : candidates.stream().sorted().toList()) {
      int distance = levenshtein(word, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code "; did you mean "x"?"} for the nearest candidate, or an empty string. */
  static String didYouMean(String word, Collection<String> candidates) {
    return nearest(word, candidates)
        .map(nearest -> "; did you mean " + Messages.quote(nearest) + "?")
        .orElse("");
  }

  /** Insertions, deletions and substitutions needed to turn {@code a} into {@code b}. */
  static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
