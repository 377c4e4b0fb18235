package dev.capstan.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to jump hosts, shared by every host reached through the same chain of hops with the
 * same credentials: ten hosts behind one bastion cost one connection to it (each host's own
 * connection is a channel on it). A chain's connection is counted by its users and closed when the
 * last one is done; one that has dropped is replaced at the next use. Every hop's host key is
 * verified against known_hosts like any host's.
 */
final class JumpHosts {

  static final JumpHosts SHARED = new JumpHosts();

  private static final Logger LOG = LoggerFactory.getLogger(JumpHosts.class);

  private record Key(List<SshEndpoint> chain, SshCredentials credentials) {}

  /** One chain's connection, opened and closed under its own lock. */
  private final class Shared {
    private final Key key;
    private SSHClient client;
    private Lease previous;
    private int users;

    Shared(Key key) {
      this.key = key;
    }

    synchronized SSHClient use(String name) throws HostException {
      if (client == null || !client.isConnected()) {
        dropConnection();
        List<SshEndpoint> chain = key.chain();
        SshEndpoint last = chain.get(chain.size() - 1);
        Lease before =
            chain.size() == 1
                ? null
                : acquire(name, chain.subList(0, chain.size() - 1), key.credentials());
        try {
          client =
              SshConnection.connect(
                  name,
                  last,
                  key.credentials(),
                  before == null ? null : before.client(),
                  before == null ? null : before.describe());
        } catch (HostException e) {
          if (before != null) {
            before.close();
          }
          throw jumpFailure(name, last, e);
        }
        previous = before;
        LOG.debug("{}: connected to jump host {}", name, last.written());
      }
      users++;
      return client;
    }

    synchronized void done() {
      users--;
      if (users == 0) {
        dropConnection();
        forget(this);
      }
    }

    private void dropConnection() {
      if (client != null) {
        SshConnection.closeQuietly(client);
        client = null;
      }
      if (previous != null) {
        previous.close();
        previous = null;
      }
    }
  }

  /** One host's use of a chain's connection; closing it gives that use back. */
  final class Lease implements AutoCloseable {
    private final Shared shared;
    private final SSHClient client;
    private boolean closed;

    private Lease(Shared shared, SSHClient client) {
      this.shared = shared;
      this.client = client;
    }

    SSHClient client() {
      return client;
    }

    /** The last hop, as written. */
    String describe() {
      List<SshEndpoint> chain = shared.key.chain();
      return chain.get(chain.size() - 1).written();
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        shared.done();
      }
    }
  }

  private final Map<Key, Shared> chains = new HashMap<>();

  /** How many chains have an open connection now (for tests). */
  synchronized int openChains() {
    return chains.size();
  }

  /**
   * The connection to the last hop of {@code chain}, through the hops before it.
   *
   * @param name the host this is for, which the errors name
   */
  Lease acquire(String name, List<SshEndpoint> chain, SshCredentials credentials)
      throws HostException {
    while (true) {
      Shared shared;
      synchronized (this) {
        shared = chains.computeIfAbsent(new Key(List.copyOf(chain), credentials), Shared::new);
      }
      synchronized (shared) {
        synchronized (this) {
          if (chains.get(shared.key) != shared) {
            continue; // its last user closed it meanwhile: start over
          }
        }
        try {
          return new Lease(shared, shared.use(name));
        } catch (HostException e) {
          if (shared.users == 0) {
            forget(shared);
          }
          throw e;
        }
      }
    }
  }

  private synchronized void forget(Shared shared) {
    chains.remove(shared.key, shared);
  }

  private static HostException jumpFailure(String name, SshEndpoint hop, HostException e) {
    String message = e.getMessage();
    String prefix = name + ": ";
    String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    if (reason.startsWith("jump host ")) {
      return e; // already names its hop
    }
    return new HostException(
        name, e.kind(), "jump host " + hop.written() + " (" + hop.target() + "): " + reason, e);
  }
}
