package dev.capstan.reconcile;

import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import java.util.Map;

/** The port that turns an Environment's secret references into files the SSH transport reads. */
public interface Credentials {

  /**
   * The key and known_hosts files for an Environment's SSH hosts.
   *
   * @throws CredentialsException when a secret cannot be found
   */
  SshCredentials ssh(Environment environment) throws CredentialsException;

  /**
   * The content of each of the Application's {@code configFiles}, by its path under {@code
   * shared/}, read anew at every pass. Secret: it is never logged, nor put in a message.
   *
   * @param environment whose namespace a {@code secretRef} is read from (Kubernetes mode)
   * @throws CredentialsException when a source cannot be read; the message names the source only
   */
  Map<String, byte[]> configFiles(Application application, Environment environment)
      throws CredentialsException;

  /**
   * The PostgreSQL URL of the Application's {@code backup.database}, read from its file or Secret
   * at every use; null when it has none to read (no backup, SQLite, or a URL from the host's env).
   * Secret: never logged, never in a message, never on a command line.
   *
   * @throws CredentialsException when the source cannot be read; the message names the source
   */
  default String databaseUrl(Application application, Environment environment)
      throws CredentialsException {
    return null;
  }

  /** A secret an Environment names is missing or unusable; a person must act. */
  /**
   * A secret an Environment names (a webhook URL, an HMAC key), as text: its file relative to the
   * Environment's YAML, or in Kubernetes mode its Secret; {@code field} names it in errors, which
   * never hold the secret.
   */
  default String secret(
      Environment environment, dev.capstan.model.SecretSource source, String field)
      throws CredentialsException {
    throw new CredentialsException(field + ": secrets are not available here");
  }

  class CredentialsException extends Exception {
    public CredentialsException(String message) {
      super(message);
    }
  }
}
