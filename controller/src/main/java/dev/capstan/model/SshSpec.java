package dev.capstan.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How the controller reaches an Environment's SSH hosts; host keys are always verified.
 *
 * @param privateKey the key file or Secret; {@link #DEFAULT_PRIVATE_KEY} when not given (then the
 *     ssh config file's IdentityFile, the agent or OpenSSH's default keys are used)
 * @param passphrase where the key's passphrase is ({@code privateKey.passphraseFile} or {@code
 *     privateKey.passphraseSecretRef}); null for a key without one
 * @param agent {@code ssh.agent}: null when not given (the agent is used when SSH_AUTH_SOCK is set
 *     and no key is given)
 * @param config the ssh config file hosts are resolved through; null for {@code ~/.ssh/config} when
 *     it exists
 * @param proxyJump jump hosts for every host, null for the config file's ProxyJump
 * @param places where each field was written, for checks made after loading ({@code capstan
 *     validate}); not part of the value (ignored by equals)
 */
public record SshSpec(
    SecretSource privateKey,
    SecretSource passphrase,
    Boolean agent,
    SecretSource config,
    String proxyJump,
    SecretSource knownHosts,
    Map<String, Place> places) {

  public static final String DEFAULT_PRIVATE_KEY = "~/.ssh/id_ed25519";
  public static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";
  public static final String DEFAULT_CONFIG = "~/.ssh/config";

  /** A field's place in its file: {@code field} is its path, like {@code spec.ssh.privateKey}. */
  public record Place(Path file, int line, int column, String field) {}

  public SshSpec {
    places = places == null ? Map.of() : Map.copyOf(places);
  }

  /** A key and a known_hosts file, nothing else set. */
  public SshSpec(SecretSource privateKey, SecretSource knownHosts) {
    this(privateKey, null, null, null, null, knownHosts, Map.of());
  }

  /** Whether the document names a key (even the default path), or the key is not the default. */
  public boolean privateKeyGiven() {
    return privateKey != null
        && (places.containsKey("privateKey")
            || !SecretSource.ofFile(DEFAULT_PRIVATE_KEY).equals(privateKey));
  }

  /** Whether the document names a known_hosts, or it is not the default. */
  public boolean knownHostsGiven() {
    return knownHosts != null
        && (places.containsKey("knownHosts")
            || !SecretSource.ofFile(DEFAULT_KNOWN_HOSTS).equals(knownHosts));
  }

  /** Where {@code key} ({@code privateKey}, {@code knownHosts}, …) was written, or null. */
  public Place place(String key) {
    return places.get(key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SshSpec o
        && Objects.equals(privateKey, o.privateKey)
        && Objects.equals(passphrase, o.passphrase)
        && Objects.equals(agent, o.agent)
        && Objects.equals(config, o.config)
        && Objects.equals(proxyJump, o.proxyJump)
        && Objects.equals(knownHosts, o.knownHosts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(privateKey, passphrase, agent, config, proxyJump, knownHosts);
  }
}
