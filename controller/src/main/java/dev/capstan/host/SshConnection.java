package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import dev.capstan.model.HostAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
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
 * Opens one authenticated sshj connection: resolve the host through the ssh config file, reach it
 * directly or through its jump hosts (pooled, see {@link JumpHosts}), verify every host key against
 * known_hosts only, log in with the key file, the agent's keys or the config file's {@code
 * IdentityFile}s; each failure becomes a {@link HostException}.
 */
final class SshConnection {

  private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);
  private static final int KEEPALIVE_INTERVAL_SECONDS = 15;
  private static final DefaultConfig CONFIG = config();

  /** OpenSSH's default identities, tried when nothing else names a key. */
  private static final List<String> DEFAULT_KEYS =
      List.of("~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa");

  /** A connected client and the jump-host connection it runs through (null when direct). */
  record Connected(SSHClient client, AutoCloseable via) implements AutoCloseable {
    @Override
    public void close() {
      closeQuietly(client);
      if (via != null) {
        closeQuietly(via);
      }
    }
  }

  private SshConnection() {}

  /** A connected, authenticated client; closed again when any step fails. */
  static Connected open(String name, HostAddress address, SshCredentials credentials)
      throws HostException {
    SshRoutes.Route route = SshRoutes.resolve(name, address, credentials);
    if (route.jumps().isEmpty()) {
      return new Connected(connect(name, route.target(), credentials, null, null), null);
    }
    JumpHosts.Lease via = JumpHosts.SHARED.acquire(name, route.jumps(), credentials);
    try {
      SSHClient client = connect(name, route.target(), credentials, via.client(), via.describe());
      return new Connected(client, via);
    } catch (HostException | RuntimeException e) {
      via.close();
      throw e;
    }
  }

  /**
   * One hop: a direct TCP connection when {@code via} is null, else a channel forwarded by {@code
   * via} (the previous hop).
   *
   * @param viaName how the previous hop is named in messages, null when direct
   */
  static SSHClient connect(
      String name, SshEndpoint endpoint, SshCredentials credentials, SSHClient via, String viaName)
      throws HostException {
    Duration timeout =
        credentials.connectTimeout() != null
            ? credentials.connectTimeout()
            : SshCredentials.DEFAULT_CONNECT_TIMEOUT;
    SSHClient client = new SSHClient(CONFIG);
    try {
      StrictKnownHosts knownHosts = loadKnownHosts(name, endpoint.knownHosts());
      client.addHostKeyVerifier(knownHosts);
      client.setSocketFactory(new NoDelaySocketFactory());
      client.setConnectTimeout((int) timeout.toMillis());
      // Bounds the handshake, authentication, and opening and closing a session.
      client.getTransport().setTimeoutMs((int) timeout.toMillis());
      client.getConnection().setTimeoutMs((int) timeout.toMillis());
      client.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_INTERVAL_SECONDS);
      connect(client, name, endpoint, knownHosts, timeout, via, viaName);
      authenticate(client, name, endpoint, credentials);
      return client;
    } catch (HostException | RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing is best effort: the other end may already be gone.
    }
  }

  private static StrictKnownHosts loadKnownHosts(String name, Path file) throws HostException {
    if (file == null) {
      throw new HostException(name, Kind.HOST_KEY_REJECTED, "no known_hosts file is configured");
    }
    Path expanded = HomePath.expand(file.toString());
    try {
      return StrictKnownHosts.load(expanded);
    } catch (IOException e) {
      throw new HostException(
          name, Kind.HOST_KEY_REJECTED, "cannot read " + expanded + ": " + e.getMessage(), e);
    }
  }

  private static void connect(
      SSHClient client,
      String name,
      SshEndpoint endpoint,
      StrictKnownHosts knownHosts,
      Duration timeout,
      SSHClient via,
      String viaName)
      throws HostException {
    String target = endpoint.target();
    String through = via == null ? "" : " through jump host " + viaName;
    try {
      if (via == null) {
        client.connect(endpoint.hostname(), endpoint.port());
      } else {
        DirectConnection channel = forward(name, endpoint, via, viaName);
        client.connectVia(channel);
      }
    } catch (TransportException e) {
      if (knownHosts.rejection() != null) {
        throw new HostException(name, Kind.HOST_KEY_REJECTED, knownHosts.rejection(), e);
      }
      String message = "SSH handshake with " + target + through + " failed: " + e.getMessage();
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    } catch (UnknownHostException e) {
      throw new HostException(name, Kind.UNREACHABLE, "unknown host " + e.getMessage(), e);
    } catch (SocketTimeoutException e) {
      String message =
          "cannot connect to "
              + target
              + through
              + ": no answer within "
              + timeout.toMillis()
              + " ms";
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    } catch (IOException e) {
      String message = "cannot connect to " + target + through + ": " + e.getMessage();
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    }
  }

  private static DirectConnection forward(
      String name, SshEndpoint endpoint, SSHClient via, String viaName) throws HostException {
    try {
      return via.newDirectConnection(endpoint.hostname(), endpoint.port());
    } catch (IOException e) {
      String message =
          "jump host "
              + viaName
              + " cannot open a connection to "
              + endpoint.target()
              + ": "
              + e.getMessage();
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    }
  }

  private static void authenticate(
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

  private static DefaultConfig config() {
    // The JDK has every algorithm we negotiate (Ed25519, X25519, RSA, ECDSA, AES): registering
    // BouncyCastle as a security provider would add 150-200 ms of start-up to every command for
    // nothing (sshj still uses BouncyCastle's classes directly where it needs them).
    SecurityUtils.setRegisterBouncyCastle(false);
    DefaultConfig config = new DefaultConfig();
    // Keepalive requests expect an answer, so a silently dropped connection is noticed.
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    return config;
  }
}
