package dev.capstan.host;

import dev.capstan.model.HostAddress;

/** Opens a {@link RemoteHost} for an address: the seam tests replace to count or fail commands. */
@FunctionalInterface
public interface HostConnector {

  /**
   * Connects to {@code address}; {@code credentials} is ignored for {@code local}.
   *
   * @throws HostException when the host cannot be reached, its key is not trusted or the key is
   *     refused
   */
  RemoteHost open(HostAddress address, SshCredentials credentials) throws HostException;
}
