package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.HostAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Connects to a pass's hosts while the revision is still being resolved: an SSH handshake and a Git
 * lookup are independent, and a short {@code capstan apply} otherwise pays for them one after the
 * other. {@link #open} hands out the connection begun for an address (or connects as usual); {@link
 * #close} closes the ones nobody took, as when the revision could not be resolved.
 */
final class Preconnect implements HostConnector, AutoCloseable {

  private final HostConnector connector;
  private final Map<HostAddress, CompletableFuture<RemoteHost>> pending = new ConcurrentHashMap<>();

  private Preconnect(HostConnector connector) {
    this.connector = connector;
  }

  static Preconnect start(
      HostConnector connector,
      List<HostAddress> hosts,
      SshCredentials credentials,
      Executor executor) {
    Preconnect preconnect = new Preconnect(connector);
    for (HostAddress address : hosts) {
      Callable<RemoteHost> open =
          ReconcileLog.carrying(address.toString(), () -> connector.open(address, credentials));
      preconnect.pending.put(
          address,
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return open.call();
                } catch (Exception e) {
                  throw e instanceof RuntimeException unchecked
                      ? unchecked
                      : new CompletionException(e);
                }
              },
              executor));
    }
    return preconnect;
  }

  @Override
  public RemoteHost open(HostAddress address, SshCredentials credentials) throws HostException {
    CompletableFuture<RemoteHost> begun = pending.remove(address);
    if (begun == null) {
      return connector.open(address, credentials);
    }
    try {
      return begun.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof HostException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** Closes the connections begun and never taken, once they are made. */
  @Override
  public void close() {
    for (HostAddress address : List.copyOf(pending.keySet())) {
      CompletableFuture<RemoteHost> begun = pending.remove(address);
      if (begun != null) {
        begun.thenAccept(RemoteHost::close);
      }
    }
  }
}
