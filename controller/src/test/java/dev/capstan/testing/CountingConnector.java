package dev.capstan.testing;

import dev.capstan.host.ExecResult;
import dev.capstan.host.ForwardingRemoteHost;
import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.HostAddress;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link HostConnector} that counts connections and remote commands per host. */
public final class CountingConnector implements HostConnector {

  private final HostConnector delegate;
  private final Map<String, AtomicInteger> commands = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();

  public CountingConnector(HostConnector delegate) {
    this.delegate = delegate;
  }

  @Override
  public RemoteHost open(HostAddress address, SshCredentials credentials) throws HostException {
    RemoteHost host = delegate.open(address, credentials);
    connections.incrementAndGet();
    AtomicInteger count = commands.computeIfAbsent(host.name(), h -> new AtomicInteger());
    return new ForwardingRemoteHost(host) {
      @Override
      public ExecResult exec(String script, InputStream stdin, Duration timeout)
          throws HostException {
        count.incrementAndGet();
        return super.exec(script, stdin, timeout);
      }

      @Override
      public void close() {
        closes.incrementAndGet();
        super.close();
      }
    };
  }

  public int commands(String host) {
    AtomicInteger count = commands.get(host);
    return count == null ? 0 : count.get();
  }

  public int connections() {
    return connections.get();
  }

  /** Connections closed so far. */
  public int closes() {
    return closes.get();
  }

  public void reset() {
    commands.clear();
    connections.set(0);
  }
}
