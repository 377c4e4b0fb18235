package dev.capstan.kube;

import dev.capstan.model.Application;
import dev.capstan.model.RepositorySpec;
import dev.capstan.model.SecretSource;
import dev.capstan.reconcile.Sources;
import dev.capstan.source.ResolvedRevision;
import dev.capstan.source.SourceException;
import java.nio.file.Path;

/**
 * {@link Sources} whose repository credentials may be a {@code secretRef}: the Secret's key is
 * written to a private file and the mirrors are given that file, as in file mode.
 */
final class SecretSources implements Sources {

  private final Sources mirrors;
  private final SecretReader secrets;

  SecretSources(Sources mirrors, SecretReader secrets) {
    this.mirrors = mirrors;
    this.secrets = secrets;
  }

  @Override
  public ResolvedRevision resolve(Application application, String revision) throws SourceException {
    return mirrors.resolve(withCredentialFile(application), revision);
  }

  @Override
  public byte[] treeArchive(Application application, String commit) throws SourceException {
    return mirrors.treeArchive(withCredentialFile(application), commit);
  }

  @Override
  public boolean isAncestor(Application application, String ancestor, String descendant)
      throws SourceException {
    return mirrors.isAncestor(withCredentialFile(application), ancestor, descendant);
  }

  @Override
  public void markStale(Application application) throws SourceException {
    mirrors.markStale(withCredentialFile(application));
  }

  private Application withCredentialFile(Application application) throws SourceException {
    RepositorySpec repository = application.spec().repository();
    SecretSource credentials = repository.credentials();
    if (credentials == null || credentials.secretRef() == null) {
      secrets.stalled().application(application.name(), null);
      return application;
    }
    Path file;
    try {
      file =
          secrets.file(
              Keys.namespace(application.name()),
              credentials.secretRef(),
              "Application " + application.name() + ": spec.repository.credentials");
      secrets.stalled().application(application.name(), null);
    } catch (SecretReader.SecretException e) {
      secrets.stalled().application(application.name(), e.stalled() ? e.getMessage() : null);
      throw new SourceException(e.getMessage());
    }
    RepositorySpec withFile = repository.withCredentials(SecretSource.ofFile(file.toString()));
    return new Application(
        application.name(), application.spec().withRepository(withFile), application.baseDir());
  }
}
