package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import dev.capstan.model.HostAddress;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host reached over one SSH connection (sshj), its host key checked against known_hosts; every
 * {@link #exec} is a session on that connection, and several may run at once from different
 * threads.
 */
public final class SshHost implements RemoteHost {

  /**
   * Below OpenSSH's default {@code MaxSessions} of 10, leaving room for the sessions that kill
   * timed-out commands: extra callers wait here instead of failing there.
   */
  static final int MAX_CONCURRENT_SESSIONS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(SshHost.class);

  private final String name;
  private final SSHClient client;
  private final SshConnection.Connected connection;
  private final Semaphore sessions = new Semaphore(MAX_CONCURRENT_SESSIONS, true);

  private SshHost(String name, SshConnection.Connected connection) {
    this.name = name;
    this.client = connection.client();
    this.connection = connection;
  }

  /**
   * Connects (through the ssh config file and any jump hosts), verifies every host key against
   * known_hosts (never adding to it) and authenticates with the private key or the agent's keys; a
   * user that neither the address nor the config file gives is the controller's OS user.
   *
   * @throws HostException UNREACHABLE, HOST_KEY_REJECTED or AUTH_FAILED
   */
  public static SshHost connect(HostAddress address, SshCredentials credentials)
      throws HostException {
    String name = address.toString();
    long started = System.nanoTime();
    SshConnection.Connected connection = SshConnection.open(name, address, credentials);
    LOG.debug("{}: connected in {} ms", name, (System.nanoTime() - started) / 1_000_000);
    return new SshHost(name, connection);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Runs {@code /bin/sh -c script} in a new session; on timeout the script and what it started are
   * killed and TIMEOUT is thrown; a connection that fails midway is IO.
   */
  @Override
  public ExecResult exec(String script, InputStream stdin, Duration timeout) throws HostException {
    Deadline deadline = Deadline.after(timeout);
    acquireSession(deadline);
    try {
      long started = System.nanoTime();
      ExecResult result = SshCommand.start(client, name, script).run(stdin, deadline);
      LOG.debug(
          "{}: command exited with {} after {} ms",
          name,
          result.exitStatus(),
          (System.nanoTime() - started) / 1_000_000);
      return result;
    } finally {
      sessions.release();
    }
  }

  /** Whether the connection is still up; a host that is not must be connected anew. */
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    connection.close();
  }

  private void acquireSession(Deadline deadline) throws HostException {
    try {
      if (!sessions.tryAcquire(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
        throw new HostException(
            name, Kind.TIMEOUT, "no free session on the connection within " + deadline.describe());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(name, Kind.IO, "interrupted while waiting for a session", e);
    }
  }
}
