package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an sshj client in: with the spec's key file (and its passphrase file), the agent's keys, the
 * config file's {@code IdentityFile}s, or OpenSSH's default identities when nothing names a key; a
 * refusal names the user and every key offered, never a passphrase.
 */
final class SshLogin {

  private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);

  /** OpenSSH's default identities, tried when nothing else names a key. */
  private static final List<String> DEFAULT_KEYS =
      List.of("~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa");

  private SshLogin() {}

  static void authenticate(
      SSHClient client, String name, SshEndpoint endpoint, SshCredentials credentials)
      throws HostException {
    List<AuthMethod> methods = new ArrayList<>();
    List<String> offered = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (credentials.privateKey() != null) {
      Path key = HomePath.expand(credentials.privateKey().toString());
      methods.add(new AuthPublickey(loadKey(client, name, key, credentials.passphraseFile())));
      offered.add("the private key " + key);
    }
    if (credentials.agentSocket() != null) {
      addAgentKeys(name, credentials.agentSocket(), methods, offered, skipped);
    }
    List<Path> files = new ArrayList<>(endpoint.identityFiles());
    if (credentials.privateKey() == null && files.isEmpty() && methods.isEmpty()) {
      DEFAULT_KEYS.forEach(key -> files.add(HomePath.expand(key)));
    }
    for (Path key : files) {
      if (!Files.exists(key)) {
        LOG.debug("{}: identity file {} does not exist; skipped", name, key);
        skipped.add(key + " does not exist");
        continue;
      }
      try {
        methods.add(new AuthPublickey(loadKey(client, name, key, credentials.passphraseFile())));
        offered.add("the private key " + key);
      } catch (HostException e) {
        LOG.warn("{}: identity file skipped: {}", name, e.getMessage());
        skipped.add(e.getMessage().substring(name.length() + 2));
      }
    }
    String user = endpoint.user();
    if (methods.isEmpty()) {
      String why = skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")";
      throw new HostException(
          name,
          Kind.AUTH_FAILED,
          "no private key to log in as "
              + user
              + " with: ssh.privateKey is not set, no ssh-agent"
              + " (SSH_AUTH_SOCK) holds a key and no identity file is usable"
              + why);
    }
    try {
      client.auth(user, methods);
    } catch (UserAuthException e) {
      String message = "user " + user + " was refused with " + String.join(", ", offered);
      throw new HostException(name, Kind.AUTH_FAILED, message, e);
    } catch (TransportException e) {
      String message = "connection failed during authentication: " + e.getMessage();
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    }
  }

  private static void addAgentKeys(
      String name,
      Path socket,
      List<AuthMethod> methods,
      List<String> offered,
      List<String> skipped) {
    SshAgent agent = new SshAgent(socket);
    try {
      List<SshAgent.Identity> identities = agent.identities();
      if (identities.isEmpty()) {
        skipped.add("the ssh-agent at " + socket + " holds no key");
      }
      for (SshAgent.Identity identity : identities) {
        methods.add(new AgentAuth(agent, identity));
        offered.add("the ssh-agent key " + identity.type() + " " + identity.comment());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: ssh-agent at {} not usable: {}", name, socket, e.getMessage());
      skipped.add("the ssh-agent at " + socket + " cannot be reached: " + e.getMessage());
    }
  }

  private static KeyProvider loadKey(SSHClient client, String name, Path key, Path passphraseFile)
      throws HostException {
    if (!Files.isReadable(key)) {
      String why = Files.exists(key) ? "is not readable" : "does not exist";
      throw new HostException(name, Kind.AUTH_FAILED, "private key " + key + " " + why);
    }
    Path passphrase = passphraseFile == null ? null : HomePath.expand(passphraseFile.toString());
    try {
      KeyProvider keys =
          passphrase == null
              ? client.loadKeys(key.toString())
              : client.loadKeys(key.toString(), new FilePassword(passphrase));
      // Parse it now, so a broken or passphrase-protected key is not reported as a refusal.
      keys.getPrivate();
      return keys;
    } catch (IOException | RuntimeException e) {
      String hint =
          passphrase == null
              ? " (if it is protected by a passphrase, set ssh.privateKey.passphraseFile)"
              : " (with the passphrase from " + passphrase + ")";
      String message = "cannot read private key " + key + ": " + e.getMessage() + hint;
      throw new HostException(name, Kind.AUTH_FAILED, message, e);
    }
  }

  /**
   * A passphrase read from a file when sshj asks for it, its trailing newline removed; it is never
   * logged, and the bytes read are wiped.
   */
  private record FilePassword(Path file) implements PasswordFinder {
    @Override
    public char[] reqPassword(Resource<?> resource) {
      try {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
          end--;
        }
        char[] chars = new String(bytes, 0, end, StandardCharsets.UTF_8).toCharArray();
        Arrays.fill(bytes, (byte) 0);
        return chars;
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read the passphrase file " + file + ": " + e.getClass().getSimpleName(), e);
      }
    }

    @Override
    public boolean shouldRetry(Resource<?> resource) {
      return false;
    }
  }
}
