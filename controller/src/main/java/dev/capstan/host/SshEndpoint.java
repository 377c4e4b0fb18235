package dev.capstan.host;

import java.nio.file.Path;
import java.util.List;

/**
 * One SSH hop after the ssh config file: the host as written, where it really is, as whom to log
 * in, the config file's key files for it and the known_hosts file its key is checked in.
 *
 * @param written the host as the spec or a ProxyJump names it ({@code web1}, {@code
 *     deploy@bastion:2222})
 */
record SshEndpoint(
    String written,
    String hostname,
    int port,
    String user,
    List<Path> identityFiles,
    Path knownHosts) {

  /** {@code hostname:port}, what a connection error names. */
  String target() {
    String host = hostname.contains(":") ? "[" + hostname + "]" : hostname;
    return host + ":" + port;
  }
}
