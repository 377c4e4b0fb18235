package dev.capstan.host;

import dev.capstan.model.SecretSource;
import dev.capstan.model.SshSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns an Environment's {@code ssh} block into {@link SshCredentials}, the same way in file and
 * Kubernetes mode; only how a secret becomes a file differs, and that is passed in.
 */
public final class SshSettings {

  /** The environment variable that names a running ssh-agent's socket. */
  public static final String AUTH_SOCK = "SSH_AUTH_SOCK";

  private SshSettings() {}

  /** How a secret of the spec becomes a file on this machine. */
  @FunctionalInterface
  public interface SecretFiles<E extends Exception> {
    Path file(SecretSource source, String field) throws E;
  }

  /**
   * @param fieldPrefix how fields are named in messages, like {@code ssh} or {@code spec.ssh}
   * @param error makes the caller's exception from a message
   * @param environment the controller's environment variables ({@code SSH_AUTH_SOCK})
   */
  public static <E extends Exception> SshCredentials credentials(
      SshSpec ssh,
      String fieldPrefix,
      SecretFiles<E> files,
      Function<String, E> error,
      Map<String, String> environment)
      throws E {
    Path key =
        ssh.privateKeyGiven() ? files.file(ssh.privateKey(), fieldPrefix + ".privateKey") : null;
    Path passphrase =
        ssh.passphrase() == null
            ? null
            : files.file(ssh.passphrase(), fieldPrefix + ".privateKey.passphrase");
    Path knownHosts =
        ssh.knownHostsGiven() ? files.file(ssh.knownHosts(), fieldPrefix + ".knownHosts") : null;
    Path config =
        ssh.config() != null ? files.file(ssh.config(), fieldPrefix + ".config") : defaultConfig();
    Path agent = agentSocket(ssh, fieldPrefix, error, environment);
    return new SshCredentials(
        key,
        passphrase,
        knownHosts,
        agent,
        config,
        ssh.proxyJump(),
        SshCredentials.DEFAULT_CONNECT_TIMEOUT);
  }

  /** {@code ~/.ssh/config} when it exists, else null: a missing default file is no error. */
  public static Path defaultConfig() {
    Path file = HomePath.expand(SshSpec.DEFAULT_CONFIG);
    return Files.exists(file) ? file : null;
  }

  /** Like {@link #agentSocket}, but null instead of an error when the agent cannot be used. */
  public static Path agentSocketOrNull(SshSpec ssh, Map<String, String> environment) {
    return agentSocket(ssh, "ssh", IllegalStateException::new, environment, false);
  }

  /**
   * The agent socket to use: with {@code agent: true}, SSH_AUTH_SOCK (which must then be set); with
   * {@code agent: false}, none; by default SSH_AUTH_SOCK when set and no key is given.
   */
  public static <E extends Exception> Path agentSocket(
      SshSpec ssh, String fieldPrefix, Function<String, E> error, Map<String, String> environment)
      throws E {
    return agentSocket(ssh, fieldPrefix, error, environment, true);
  }

  private static <E extends Exception> Path agentSocket(
      SshSpec ssh,
      String fieldPrefix,
      Function<String, E> error,
      Map<String, String> environment,
      boolean strict)
      throws E {
    String socket = environment.get(AUTH_SOCK);
    boolean set = socket != null && !socket.isBlank();
    if (Boolean.TRUE.equals(ssh.agent())) {
      if (!set) {
        if (!strict) {
          return null;
        }
        throw error.apply(
            fieldPrefix
                + ".agent is true but "
                + AUTH_SOCK
                + " is not set: start ssh-agent (eval \"$(ssh-agent)\"; ssh-add KEY) first");
      }
      return Path.of(socket);
    }
    if (Boolean.FALSE.equals(ssh.agent()) || ssh.privateKeyGiven() || !set) {
      return null;
    }
    return Path.of(socket);
  }
}
