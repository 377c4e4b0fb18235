package dev.capstan.model;

/** How the controller reaches an Environment's SSH hosts; host keys are always verified. */
public record SshSpec(SecretSource privateKey, SecretSource knownHosts) {

  public static final String DEFAULT_PRIVATE_KEY = "~/.ssh/id_ed25519";
  public static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";
}
