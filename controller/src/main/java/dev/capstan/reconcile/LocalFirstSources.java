package dev.capstan.reconcile;

import dev.capstan.model.Application;
import dev.capstan.source.ResolvedRevision;
import dev.capstan.source.SourceException;
import java.util.Collection;
import java.util.Map;

/**
 * {@link Sources} that resolve from the local mirror first and reach the Git server only for what
 * the mirror lacks: a rollback builds a missing release from the mirror while the server is
 * unreachable, and fetches only a commit the mirror never had.
 */
final class LocalFirstSources implements Sources {

  private final Sources sources;

  LocalFirstSources(Sources sources) {
    this.sources = sources;
  }

  @Override
  public ResolvedRevision resolve(Application application, String revision) throws SourceException {
    try {
      return sources.resolveLocally(application, revision);
    } catch (SourceException notHere) {
      return sources.resolve(application, revision);
    }
  }

  @Override
  public ResolvedRevision resolveLocally(Application application, String revision)
      throws SourceException {
    return sources.resolveLocally(application, revision);
  }

  @Override
  public byte[] treeArchive(Application application, String commit) throws SourceException {
    return sources.treeArchive(application, commit);
  }

  @Override
  public Map<String, String> subjects(Application application, Collection<String> commits)
      throws SourceException {
    return sources.subjects(application, commits);
  }

  @Override
  public boolean isAncestor(Application application, String ancestor, String descendant)
      throws SourceException {
    return sources.isAncestor(application, ancestor, descendant);
  }

  @Override
  public void markStale(Application application) throws SourceException {
    sources.markStale(application);
  }
}
