package dev.capstan.source;

import dev.capstan.model.SecretSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** Turns a repository's {@code credentials} into what JGit needs; never logs or echoes a secret. */
final class RepositoryCredentials {

  private RepositoryCredentials() {}

  /**
   * The credentials provider for one fetch, or null when none is needed.
   *
   * @throws SourceException when the credentials cannot be used with this kind of URL or the file
   *     cannot be read
   */
  static CredentialsProvider forFetch(RepositoryLocation location, SecretSource credentials)
      throws SourceException {
    if (credentials == null || location.kind() == RepositoryLocation.Kind.LOCAL) {
      return null;
    }
    if (credentials.file() == null || credentials.file().isBlank()) {
      throw new SourceException(
          "credentials for "
              + location.display()
              + " must name a file here; a secretRef has to be resolved to a file by the caller");
    }
    Path file = RepositoryLocation.expandHome(credentials.file());
    switch (location.kind()) {
      case HTTP:
        return usernameToken(location, file);
      case SSH:
        throw new SourceException(
            "cannot use the SSH key "
                + file
                + " for "
                + location.display()
                + ": SSH key credentials for repositories are not supported (no JGit SSH module"
                + " on the classpath); use an https URL with a username:token file");
      default:
        throw new SourceException(
            "credentials are not supported for " + location.display() + "; use https or ssh");
    }
  }

  private static CredentialsProvider usernameToken(RepositoryLocation location, Path file)
      throws SourceException {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new SourceException(
          "cannot read the credentials file " + file + " for " + location.display(), e);
    }
    int colon = content.indexOf(':');
    if (colon <= 0 || colon == content.length() - 1) {
      throw new SourceException(
          "the credentials file "
              + file
              + " for "
              + location.display()
              + " must hold one line username:token");
    }
    return new UsernamePasswordCredentialsProvider(
        content.substring(0, colon), content.substring(colon + 1));
  }
}
