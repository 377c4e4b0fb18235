package dev.capstan.reconcile;

import dev.capstan.model.Application;
import dev.capstan.source.ArchiveFormat;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.source.ResolvedRevision;
import dev.capstan.source.SourceException;
import java.util.Collection;
import java.util.Map;

/** {@link Sources} backed by the controller's local Git mirrors. */
public final class MirrorSources implements Sources {

  private final RepositoryMirrors mirrors;

  public MirrorSources(RepositoryMirrors mirrors) {
    this.mirrors = mirrors;
  }

  @Override
  public ResolvedRevision resolve(Application application, String revision) throws SourceException {
    return mirrors.resolve(application.spec().repository(), application.baseDir(), revision);
  }

  @Override
  public ResolvedRevision resolveLocally(Application application, String revision)
      throws SourceException {
    return mirrors.resolveLocally(application.spec().repository(), application.baseDir(), revision);
  }

  @Override
  public Map<String, String> subjects(Application application, Collection<String> commits)
      throws SourceException {
    return mirrors.subjects(application.spec().repository(), application.baseDir(), commits);
  }

  @Override
  public boolean isAncestor(Application application, String ancestor, String descendant)
      throws SourceException {
    return mirrors.isAncestor(
        application.spec().repository(), application.baseDir(), ancestor, descendant);
  }

  @Override
  public void markStale(Application application) throws SourceException {
    mirrors.markStale(application.spec().repository(), application.baseDir());
  }

  @Override
  public byte[] treeArchive(Application application, String commit) throws SourceException {
    return mirrors.treeArchive(
        application.spec().repository(), application.baseDir(), commit, ArchiveFormat.TAR_GZ);
  }
}
