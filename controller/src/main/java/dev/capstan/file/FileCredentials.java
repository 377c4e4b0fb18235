package dev.capstan.file;

import dev.capstan.host.HomePath;
import dev.capstan.host.SshCredentials;
import dev.capstan.host.SshSettings;
import dev.capstan.model.Environment;
import dev.capstan.model.SecretSource;
import dev.capstan.model.SshSpec;
import dev.capstan.reconcile.Credentials;
import java.nio.file.Path;

/** File mode's credentials: secret files on this machine, {@code ~} and relative paths allowed. */
public final class FileCredentials implements Credentials {

  @Override
  public SshCredentials ssh(Environment environment) throws CredentialsException {
    SshSpec ssh = environment.spec().ssh();
    return SshSettings.credentials(
        ssh,
        "ssh",
        (source, field) -> file(source, environment, field),
        CredentialsException::new,
        System.getenv());
  }

  private static Path file(SecretSource source, Environment environment, String field)
      throws CredentialsException {
    if (source.file() == null) {
      throw new CredentialsException(
          "environment "
              + environment.name()
              + ": "
              + field
              + ".secretRef needs Kubernetes mode; in file mode use "
              + field
              + ".file");
    }
    return resolve(source.file(), environment.baseDir());
  }

  /**
   * Expands a leading {@code ~/} and resolves relative paths against the declaring file's folder.
   */
  public static Path resolve(String file, Path baseDir) {
    Path path = HomePath.expand(file);
    return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
  }
}
