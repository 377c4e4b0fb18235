package dev.capstan.reconcile;

import dev.capstan.model.Application;
import dev.capstan.source.ResolvedRevision;
import dev.capstan.source.SourceException;

/** The port to an Application's Git repository: resolve revisions, export release trees. */
public interface Sources {

  ResolvedRevision resolve(Application application, String revision) throws SourceException;

  /** The commit's tree (or the Application's subPath of it) as a gzip-compressed tar. */
  byte[] treeArchive(Application application, String commit) throws SourceException;

  /**
   * Whether {@code ancestor} is an ancestor of (or the same as) {@code descendant}, from what the
   * mirror holds; an ancestor it does not know is not one.
   */
  boolean isAncestor(Application application, String ancestor, String descendant)
      throws SourceException;

  /** The repository moved (a push was announced): the next resolve fetches at once. */
  void markStale(Application application) throws SourceException;
}
