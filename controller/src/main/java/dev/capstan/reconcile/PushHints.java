package dev.capstan.reconcile;

import java.util.List;

/** Whether a push announced for some repository URLs concerns a repository. Pure. */
final class PushHints {

  private PushHints() {}

  /**
   * True when a hint names the repository: equal once a trailing {@code .git} and {@code /} are
   * dropped, or one a suffix of the other ({@code host/o/r} and {@code https://host/o/r}).
   */
  static boolean matches(String url, List<String> hints) {
    String bare = bare(url);
    return hints.stream()
        .map(PushHints::bare)
        .anyMatch(h -> h.equals(bare) || h.endsWith(bare) || bare.endsWith(h));
  }

  private static String bare(String url) {
    return url.replaceFirst("\\.git$", "").replaceFirst("/$", "");
  }
}
