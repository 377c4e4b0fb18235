package dev.capstan.kube;

import dev.capstan.host.SshCredentials;
import dev.capstan.model.Environment;
import dev.capstan.model.SecretSource;
import dev.capstan.model.SshSpec;
import dev.capstan.reconcile.Credentials;
import dev.capstan.file.FileCredentials;
import java.nio.file.Path;

/**
 * Kubernetes mode's credentials: a {@code secretRef} is read from the Secret of that name in the
 * Environment's namespace, at every reconcile (so a changed Secret is used at once); a {@code
 * file} is a file in the controller's container, as in file mode.
 */
final class KubeCredentials implements Credentials {

  private final SecretReader secrets;

  KubeCredentials(SecretReader secrets) {
    this.secrets = secrets;
  }

  @Override
  public SshCredentials ssh(Environment environment) throws CredentialsException {
    SshSpec ssh = environment.spec().ssh();
    String namespace = Keys.namespace(environment.name());
    return new SshCredentials(
        file(ssh.privateKey(), namespace, environment, "spec.ssh.privateKey"),
        file(ssh.knownHosts(), namespace, environment, "spec.ssh.knownHosts"),
        SshCredentials.DEFAULT_CONNECT_TIMEOUT);
  }

  private Path file(SecretSource source, String namespace, Environment environment, String field)
      throws CredentialsException {
    if (source.secretRef() == null) {
      return FileCredentials.resolve(source.file(), environment.baseDir());
    }
    try {
      return secrets.file(namespace, source.secretRef(), field);
    } catch (SecretReader.SecretException e) {
      throw new CredentialsException(e.getMessage());
    }
  }
}
