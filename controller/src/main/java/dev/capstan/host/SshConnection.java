package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import dev.capstan.model.HostAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * Opens one authenticated sshj connection: connect with a timeout, verify the host key against
 * known_hosts only, log in with the private key; each failure becomes a {@link HostException}.
 */
final class SshConnection {

  private static final int KEEPALIVE_INTERVAL_SECONDS = 15;
  private static final DefaultConfig CONFIG = config();

  private SshConnection() {}

  /** A connected, authenticated client; closed again when any step fails. */
  static SSHClient open(String name, HostAddress address, SshCredentials credentials)
      throws HostException {
    Duration timeout =
        credentials.connectTimeout() != null
            ? credentials.connectTimeout()
            : SshCredentials.DEFAULT_CONNECT_TIMEOUT;
    SSHClient client = new SSHClient(CONFIG);
    try {
      StrictKnownHosts knownHosts = loadKnownHosts(name, credentials.knownHosts());
      client.addHostKeyVerifier(knownHosts);
      client.setSocketFactory(new NoDelaySocketFactory());
      client.setConnectTimeout((int) timeout.toMillis());
      // Bounds the handshake, authentication, and opening and closing a session.
      client.getTransport().setTimeoutMs((int) timeout.toMillis());
      client.getConnection().setTimeoutMs((int) timeout.toMillis());
      client.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_INTERVAL_SECONDS);
      connect(client, name, address, knownHosts, timeout);
      authenticate(client, name, userOf(address), credentials.privateKey());
      return client;
    } catch (HostException e) {
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
      HostAddress address,
      StrictKnownHosts knownHosts,
      Duration timeout)
      throws HostException {
    int port = address.port() > 0 ? address.port() : SSHClient.DEFAULT_PORT;
    String target = address.hostname() + ":" + port;
    try {
      client.connect(address.hostname(), port);
    } catch (TransportException e) {
      if (knownHosts.rejection() != null) {
        throw new HostException(name, Kind.HOST_KEY_REJECTED, knownHosts.rejection(), e);
      }
      String message = "SSH handshake with " + target + " failed: " + e.getMessage();
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    } catch (UnknownHostException e) {
      throw new HostException(name, Kind.UNREACHABLE, "unknown host " + e.getMessage(), e);
    } catch (SocketTimeoutException e) {
      String message =
          "cannot connect to " + target + ": no answer within " + timeout.toMillis() + " ms";
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    } catch (IOException e) {
      String message = "cannot connect to " + target + ": " + e.getMessage();
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    }
  }

  private static void authenticate(SSHClient client, String name, String user, Path privateKey)
      throws HostException {
    if (privateKey == null) {
      throw new HostException(name, Kind.AUTH_FAILED, "no private key is configured");
    }
    Path key = HomePath.expand(privateKey.toString());
    KeyProvider keys = loadKey(client, name, key);
    try {
      client.authPublickey(user, keys);
    } catch (UserAuthException e) {
      String message = "user " + user + " was refused with the private key " + key;
      throw new HostException(name, Kind.AUTH_FAILED, message, e);
    } catch (TransportException e) {
      String message = "connection failed during authentication: " + e.getMessage();
      throw new HostException(name, Kind.UNREACHABLE, message, e);
    }
  }

  private static KeyProvider loadKey(SSHClient client, String name, Path key) throws HostException {
    if (!Files.isReadable(key)) {
      String why = Files.exists(key) ? "is not readable" : "does not exist";
      throw new HostException(name, Kind.AUTH_FAILED, "private key " + key + " " + why);
    }
    try {
      KeyProvider keys = client.loadKeys(key.toString());
      // Parse it now, so a broken or passphrase-protected key is not reported as a refusal.
      keys.getPrivate();
      return keys;
    } catch (IOException | RuntimeException e) {
      String message = "cannot read private key " + key + ": " + e.getMessage();
      throw new HostException(name, Kind.AUTH_FAILED, message, e);
    }
  }

  private static String userOf(HostAddress address) {
    return address.user() != null ? address.user() : System.getProperty("user.name");
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
