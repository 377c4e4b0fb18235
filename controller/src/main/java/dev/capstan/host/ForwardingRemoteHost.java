package dev.capstan.host;

import java.io.InputStream;
import java.time.Duration;

/**
 * A {@link RemoteHost} that passes everything to another: the base of wrappers that pool, count or
 * watch commands, which override only what they change.
 */
public abstract class ForwardingRemoteHost implements RemoteHost {

  private final RemoteHost delegate;

  protected ForwardingRemoteHost(RemoteHost delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public ExecResult exec(String script, InputStream stdin, Duration timeout) throws HostException {
    return delegate.exec(script, stdin, timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
