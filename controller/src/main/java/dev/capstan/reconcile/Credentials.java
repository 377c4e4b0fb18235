package dev.capstan.reconcile;

import dev.capstan.host.SshCredentials;
import dev.capstan.model.Environment;

/** The port that turns an Environment's secret references into files the SSH transport reads. */
public interface Credentials {

  /**
   * The key and known_hosts files for an Environment's SSH hosts.
   *
   * @throws CredentialsException when a secret cannot be found
   */
  SshCredentials ssh(Environment environment) throws CredentialsException;

  /** A secret an Environment names is missing or unusable; a person must act. */
  class CredentialsException extends Exception {
    public CredentialsException(String message) {
      super(message);
    }
  }
}
