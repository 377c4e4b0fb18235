package dev.capstan.file;

import dev.capstan.host.HomePath;
import dev.capstan.host.SshCredentials;
import dev.capstan.host.SshSettings;
import dev.capstan.model.Application;
import dev.capstan.model.ConfigFileSpec;
import dev.capstan.model.Environment;
import dev.capstan.model.SecretSource;
import dev.capstan.model.SshSpec;
import dev.capstan.reconcile.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

  @Override
  public Map<String, byte[]> configFiles(Application application, Environment environment)
      throws CredentialsException {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    for (ConfigFileSpec file : application.spec().runtime().configFiles()) {
      contents.put(file.path(), readConfigFile(file, application));
    }
    return contents;
  }

  @Override
  public String databaseUrl(Application application, Environment environment)
      throws CredentialsException {
    SecretSource source = urlSource(application);
    if (source == null) {
      return null;
    }
    String field = "application " + application.name() + ": backup.database.url";
    if (source.file() == null) {
      throw new CredentialsException(
          field + ".secretRef needs Kubernetes mode; in file mode use " + field + ".file");
    }
    Path path = resolve(source.file(), application.baseDir());
    try {
      return Files.readString(path).strip();
    } catch (IOException e) {
      throw new CredentialsException(
          "cannot read " + field + " " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String secret(Environment environment, SecretSource source, String field)
      throws CredentialsException {
    if (source.file() == null) {
      throw new CredentialsException(
          field + ".secretRef needs Kubernetes mode; in file mode use " + field + ".file");
    }
    Path path = resolve(source.file(), environment.baseDir());
    try {
      return Files.readString(path).strip();
    } catch (IOException e) {
      throw new CredentialsException(
          "cannot read " + field + " " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Where the backup's database URL is read on the controller; null when it is not. */
  public static SecretSource urlSource(Application application) {
    dev.capstan.model.BackupSpec backup = application.spec().backup();
    if (backup == null
        || backup.database().engine() != dev.capstan.model.BackupSpec.Engine.POSTGRESQL
        || backup.database().url() == null) {
      return null;
    }
    return backup.database().url().secret();
  }

  /** One config file's content; the message names the file, never what it holds. */
  public static byte[] readConfigFile(ConfigFileSpec file, Application application)
      throws CredentialsException {
    String field = "configFiles[" + file.path() + "].source";
    if (file.source().file() == null) {
      throw new CredentialsException(
          "application "
              + application.name()
              + ": "
              + field
              + ".secretRef needs Kubernetes mode; in file mode use "
              + field
              + ".file");
    }
    Path path = resolve(file.source().file(), application.baseDir());
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new CredentialsException(
          "application "
              + application.name()
              + ": cannot read "
              + field
              + " "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
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
