package dev.capstan.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A push a Git host reported: every URL the repository is known by (to match against the
 * applications' repository URLs), the ref that moved and the commit it moved to.
 *
 * @param repositoryUrls candidate URLs, e.g. the HTTPS clone URL, the SSH URL and the web page
 * @param ref the full ref name, e.g. {@code refs/heads/main} or {@code refs/tags/v1.2}
 * @param after the ref's new commit id, or null when unknown or when the ref was deleted
 */
public record Push(List<String> repositoryUrls, String ref, String after) {

  public Push {
    repositoryUrls = List.copyOf(repositoryUrls);
    Objects.requireNonNull(ref, "ref");
  }

  /** The branch name when the ref is a branch ({@code refs/heads/...}). */
  public Optional<String> branch() {
    String prefix = "refs/heads/";
    return ref.startsWith(prefix) ? Optional.of(ref.substring(prefix.length())) : Optional.empty();
  }
}
