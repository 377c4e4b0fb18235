package dev.capstan.kube;

import dev.capstan.host.ExecResult;
import dev.capstan.host.ForwardingRemoteHost;
import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.HostAddress;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link HostConnector} over the real one that records, per remote command, which replica ran it
 * on which host and when it started and ended: the record the sharding test checks for two replicas
 * on one host at once. Several replicas' connectors share one log.
 */
final class TimedConnector implements HostConnector {

  /** One remote command: which replica, which host, and its span in {@link System#nanoTime}. */
  record Command(String replica, String host, long start, long end) {
    boolean overlaps(Command other) {
      return start < other.end && other.start < end;
    }
  }

  private final HostConnector delegate;
  private final String replica;
  private final List<Command> log;

  TimedConnector(HostConnector delegate, String replica, List<Command> log) {
    this.delegate = delegate;
    this.replica = replica;
    this.log = log;
  }

  static List<Command> newLog() {
    return new CopyOnWriteArrayList<>();
  }

  @Override
  public RemoteHost open(HostAddress address, SshCredentials credentials) throws HostException {
    RemoteHost host = delegate.open(address, credentials);
    String name = address.toString();
    return new ForwardingRemoteHost(host) {
      @Override
      public ExecResult exec(String script, InputStream stdin, Duration timeout)
          throws HostException {
        long start = System.nanoTime();
        try {
          return super.exec(script, stdin, timeout);
        } finally {
          log.add(new Command(replica, name, start, System.nanoTime()));
        }
      }
    };
  }
}
