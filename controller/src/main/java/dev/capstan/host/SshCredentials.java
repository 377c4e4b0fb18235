package dev.capstan.host;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What an SSH connection needs, as the Environment gives it; what it leaves out comes from the ssh
 * config file (or OpenSSH's defaults) when connecting.
 *
 * @param privateKey the key file the Environment names; null when it names none (then the config
 *     file's {@code IdentityFile}s, the agent, or {@code ~/.ssh/id_ed25519} and friends)
 * @param passphraseFile the file holding the passphrase of an encrypted key; null for none
 * @param knownHosts the known_hosts file every host key is verified against; null for the config
 *     file's {@code UserKnownHostsFile}, else {@code ~/.ssh/known_hosts}
 * @param agentSocket an ssh-agent's socket whose keys are offered; null for no agent
 * @param config an ssh config file to resolve host names through; null for none
 * @param proxyJump jump hosts for every host ({@code [user@]host[:port]}, comma-separated); null
 *     for the config file's {@code ProxyJump}; {@code none} for a direct connection
 */
public record SshCredentials(
    Path privateKey,
    Path passphraseFile,
    Path knownHosts,
    Path agentSocket,
    Path config,
    String proxyJump,
    Duration connectTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** A key file and a known_hosts file, nothing else: no agent, no config file, no jump host. */
  public SshCredentials(Path privateKey, Path knownHosts, Duration connectTimeout) {
    this(privateKey, null, knownHosts, null, null, null, connectTimeout);
  }

  public SshCredentials withAgent(Path socket) {
    return new SshCredentials(
        privateKey, passphraseFile, knownHosts, socket, config, proxyJump, connectTimeout);
  }

  public SshCredentials withConfig(Path file) {
    return new SshCredentials(
        privateKey, passphraseFile, knownHosts, agentSocket, file, proxyJump, connectTimeout);
  }

  public SshCredentials withProxyJump(String jumps) {
    return new SshCredentials(
        privateKey, passphraseFile, knownHosts, agentSocket, config, jumps, connectTimeout);
  }

  public SshCredentials withPrivateKey(Path key, Path passphrase) {
    return new SshCredentials(
        key, passphrase, knownHosts, agentSocket, config, proxyJump, connectTimeout);
  }

  /** Never prints the passphrase (it is a file name here anyway) nor any key material. */
  @Override
  public String toString() {
    return "SshCredentials[privateKey="
        + privateKey
        + ", knownHosts="
        + knownHosts
        + ", agent="
        + agentSocket
        + ", config="
        + config
        + ", proxyJump="
        + proxyJump
        + "]";
  }
}
