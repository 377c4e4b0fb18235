package dev.capstan.host;

import dev.capstan.model.HostAddress;

/** The production connector: {@code local} runs on this machine, every other address over SSH. */
public final class DefaultHostConnector implements HostConnector {

  @Override
  public RemoteHost open(HostAddress address, SshCredentials credentials) throws HostException {
    if (address.isLocal()) {
      return new LocalHost();
    }
    return SshHost.connect(address, credentials);
  }
}
