package dev.capstan.host;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.capstan.model.HostAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps SSH connections open between the controller's passes: a drift check every few seconds then
 * costs its commands, not a TCP connect, key exchange and authentication per host each time.
 *
 * <p>A connection is shared by the passes that reach the same host with the same credentials (an
 * SSH connection multiplexes sessions), closed after {@code idle} without use, and dropped the
 * moment a command on it fails for transport reasons, so the next pass connects anew. The
 * credentials' files are part of the key, with their size and modification time: a rotated key or
 * an edited known_hosts gets a new connection, verified again.
 */
public final class PooledHostConnector implements HostConnector, AutoCloseable {

  private record Key(HostAddress address, SshCredentials credentials, String filesVersion) {}

  /**
   * One open connection and the passes using it: a connection that leaves the pool (idle, or
   * broken) is closed only once the last pass using it is done, never under a running command.
   */
  private static final class Pooled {
    final RemoteHost host;
    private int users;
    private boolean retired;

    Pooled(RemoteHost host) {
      this.host = host;
    }

    synchronized boolean use() {
      if (retired) {
        return false;
      }
      users++;
      return true;
    }

    synchronized void done() {
      users--;
      closeIfUnused();
    }

    synchronized void retire() {
      retired = true;
      closeIfUnused();
    }

    private void closeIfUnused() {
      if (retired && users == 0) {
        host.close();
      }
    }

    boolean connected() {
      return !(host instanceof SshHost ssh) || ssh.isConnected();
    }
  }

  private final HostConnector connector;

  /**
   * Values are connections in the making, so that a handshake (up to the connect timeout for a dead
   * host) runs outside the map's locks and never delays another host's connection.
   */
  private final Cache<Key, CompletableFuture<Pooled>> open;

  /** One thread per handshake in flight; idle threads end on their own (daemon, cached). */
  private final ExecutorService connecting =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "capstan-ssh-connect");
            thread.setDaemon(true);
            return thread;
          });

  public PooledHostConnector(HostConnector connector, Duration idle) {
    this.connector = connector;
    this.open =
        Caffeine.newBuilder()
            .expireAfterAccess(idle)
            .scheduler(
                Scheduler.systemScheduler()) // closes idle connections without waiting for a get
            .removalListener(
                (Key key, CompletableFuture<Pooled> pooled, RemovalCause cause) -> {
                  if (pooled != null) {
                    pooled.thenAccept(Pooled::retire);
                  }
                })
            .build();
  }

  @Override
  public RemoteHost open(HostAddress address, SshCredentials credentials) throws HostException {
    if (address.isLocal()) {
      return connector.open(address, credentials);
    }
    Key key = new Key(address, credentials, filesVersion(credentials));
    while (true) {
      CompletableFuture<Pooled> making =
          open.get(
              key,
              k ->
                  CompletableFuture.supplyAsync(
                      () -> new Pooled(connect(k.address(), k.credentials())), connecting));
      Pooled pooled;
      try {
        pooled = making.join();
      } catch (CompletionException e) {
        open.asMap().remove(key, making); // a failed connect is not kept in the pool
        throw (HostException) e.getCause();
      }
      if (pooled.connected() && pooled.use()) {
        return new Lease(key, making, pooled);
      }
      open.asMap().remove(key, making); // dropped by the server, or retired meanwhile
    }
  }

  /** Closes every pooled connection. */
  @Override
  public void close() {
    open.invalidateAll();
    open.cleanUp();
  }

  private RemoteHost connect(HostAddress address, SshCredentials credentials) {
    try {
      return connector.open(address, credentials);
    } catch (HostException e) {
      throw new CompletionException(e);
    }
  }

  private static String filesVersion(SshCredentials credentials) {
    return version(credentials.privateKey())
        + "/"
        + version(credentials.knownHosts())
        + "/"
        + version(credentials.passphraseFile())
        + "/"
        + version(credentials.config());
  }

  private static String version(Path file) {
    if (file == null) {
      return "-";
    }
    try {
      return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return "unreadable"; // connecting will say what is wrong with it
    }
  }

  /** A pass's use of a pooled connection: closing it leaves the connection open for the next. */
  private final class Lease extends ForwardingRemoteHost {
    private final Key key;
    private final CompletableFuture<Pooled> entry;
    private final Pooled pooled;
    private boolean closed;

    Lease(Key key, CompletableFuture<Pooled> entry, Pooled pooled) {
      super(pooled.host);
      this.key = key;
      this.entry = entry;
      this.pooled = pooled;
    }

    @Override
    public ExecResult exec(String script, InputStream stdin, Duration timeout)
        throws HostException {
      try {
        return super.exec(script, stdin, timeout);
      } catch (HostException e) {
        if (e.kind() == HostException.Kind.IO || e.kind() == HostException.Kind.UNREACHABLE) {
          open.asMap().remove(key, entry); // broken: the next pass connects anew
        }
        throw e;
      }
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        pooled.done();
      }
    }
  }
}
