package dev.capstan.kube;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.SshCredentials;
import dev.capstan.host.SshSettings;
import dev.capstan.model.Application;
import dev.capstan.model.ConfigFileSpec;
import dev.capstan.model.Environment;
import dev.capstan.model.SecretSource;
import dev.capstan.model.SshSpec;
import dev.capstan.reconcile.Credentials;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubernetes mode's credentials (the key, its passphrase, known_hosts, the ssh config file and the
 * config files' contents): a {@code secretRef} is read from the Secret of that name in the
 * Environment's namespace, at every reconcile (so a changed Secret is used at once); a {@code file}
 * is a file in the controller's container, as in file mode.
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
    secrets.stalled().environment(environment.name(), null);
    // The passphrase, like the key, is written to a private file (see SecretFiles) and is never
    // logged: messages name the Secret and its key only.
    return SshSettings.credentials(
        ssh,
        "spec.ssh",
        (source, field) -> file(source, namespace, environment, field),
        CredentialsException::new,
        System.getenv());
  }

  /**
   * Each config file's content: a {@code secretRef} read from the Environment's namespace (a
   * missing Secret or key stalls the Environment, the message naming them, never the content), a
   * {@code file} read as file mode reads it.
   */
  @Override
  public Map<String, byte[]> configFiles(Application application, Environment environment)
      throws CredentialsException {
    String namespace = Keys.namespace(environment.name());
    secrets.stalled().configFiles(environment.name(), null);
    Map<String, byte[]> contents = new LinkedHashMap<>();
    for (ConfigFileSpec file : application.spec().runtime().configFiles()) {
      byte[] content =
          file.source().secretRef() == null
              ? FileCredentials.readConfigFile(file, application)
              : fromSecret(file, namespace, application, environment);
      contents.put(file.path(), content);
    }
    return contents;
  }

  @Override
  public String databaseUrl(Application application, Environment environment)
      throws CredentialsException {
    dev.capstan.model.SecretSource source = FileCredentials.urlSource(application);
    if (source == null) {
      return null;
    }
    if (source.secretRef() == null) {
      return new FileCredentials().databaseUrl(application, environment);
    }
    String field = "Application " + application.name() + ": spec.backup.database.url";
    try {
      return new String(
              secrets.bytes(Keys.namespace(environment.name()), source.secretRef(), field),
              java.nio.charset.StandardCharsets.UTF_8)
          .strip();
    } catch (SecretReader.SecretException e) {
      throw new CredentialsException(e.getMessage());
    }
  }

  @Override
  public String secret(Environment environment, dev.capstan.model.SecretSource source, String field)
      throws CredentialsException {
    if (source.secretRef() == null) {
      return new FileCredentials().secret(environment, source, field);
    }
    try {
      return new String(
              secrets.bytes(Keys.namespace(environment.name()), source.secretRef(), field),
              java.nio.charset.StandardCharsets.UTF_8)
          .strip();
    } catch (SecretReader.SecretException e) {
      throw new CredentialsException(e.getMessage());
    }
  }

  private byte[] fromSecret(
      ConfigFileSpec file, String namespace, Application application, Environment environment)
      throws CredentialsException {
    String field =
        "Application " + application.name() + ": spec.configFiles[" + file.path() + "].source";
    try {
      return secrets.bytes(namespace, file.source().secretRef(), field);
    } catch (SecretReader.SecretException e) {
      if (e.stalled()) {
        secrets.stalled().configFiles(environment.name(), e.getMessage());
      }
      throw new CredentialsException(e.getMessage());
    }
  }

  private Path file(SecretSource source, String namespace, Environment environment, String field)
      throws CredentialsException {
    if (source.secretRef() == null) {
      return FileCredentials.resolve(source.file(), environment.baseDir());
    }
    try {
      return secrets.file(namespace, source.secretRef(), field);
    } catch (SecretReader.SecretException e) {
      if (e.stalled()) {
        secrets.stalled().environment(environment.name(), e.getMessage());
      }
      throw new CredentialsException(e.getMessage());
    }
  }
}
