package dev.capstan.reconcile;

import dev.capstan.model.Application;
import dev.capstan.source.ResolvedRevision;
import dev.capstan.source.SourceException;
import java.util.Collection;
import java.util.Map;

/** The port to an Application's Git repository: resolve revisions, export release trees. */
public interface Sources {

  ResolvedRevision resolve(Application application, String revision) throws SourceException;

  /**
   * {@code revision} resolved from what the local mirror holds, never reaching the Git server (a
   * rollback works while it is unreachable); by default as {@link #resolve}.
   */
  default ResolvedRevision resolveLocally(Application application, String revision)
      throws SourceException {
    return resolve(application, revision);
  }

  /** The commit's tree (or the Application's subPath of it) as a gzip-compressed tar. */
  byte[] treeArchive(Application application, String commit) throws SourceException;

  /**
   * The subjects of those of {@code commits} the local mirror has, read without reaching the Git
   * server; none by default.
   */
  default Map<String, String> subjects(Application application, Collection<String> commits)
      throws SourceException {
    return Map.of();
  }

  /**
   * Whether {@code ancestor} is an ancestor of (or the same as) {@code descendant}, from what the
   * mirror holds; an ancestor it does not know is not one.
   */
  boolean isAncestor(Application application, String ancestor, String descendant)
      throws SourceException;

  /** The repository moved (a push was announced): the next resolve fetches at once. */
  void markStale(Application application) throws SourceException;
}
