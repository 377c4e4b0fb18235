package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import dev.capstan.model.HostAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one authenticated sshj connection: resolve the host through the ssh config file, reach it
 * directly or through its jump hosts (pooled, see {@link JumpHosts}), verify every host key against
 * known_hosts only, then log in ({@link SshLogin}); each failure becomes a {@link HostException}.
 */
final class SshConnection {

  private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);
  private static final int KEEPALIVE_INTERVAL_SECONDS = 15;
  private static final DefaultConfig CONFIG = config();

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
      SshLogin.authenticate(client, name, endpoint, credentials);
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

  private static DefaultConfig config() {
    // The JDK has every algorithm we negotiate (Ed25519, X25519, RSA, ECDSA, AES): registering
    // BouncyCastle as a security provider would add 150-200 ms of start-up to every command for
    // nothing (sshj still uses BouncyCastle's classes directly where it needs them).
    SecurityUtils.setRegisterBouncyCastle(false);
    return new SshAlgorithms();
  }
}
