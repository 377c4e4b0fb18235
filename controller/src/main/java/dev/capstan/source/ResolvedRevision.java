package dev.capstan.source;

/**
 * A revision resolved against a repository.
 *
 * @param repository the repository URL as resolved (absolute for local paths)
 * @param revision what the spec asked for
 * @param commit the full 40-character commit id
 * @param branch true when {@code revision} named a branch (its tip is followed)
 */
public record ResolvedRevision(String repository, String revision, String commit, boolean branch) {

  public String shortCommit() {
    return commit.substring(0, 7);
  }
}
