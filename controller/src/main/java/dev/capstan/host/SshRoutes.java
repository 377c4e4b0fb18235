package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import dev.capstan.model.HostAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a host of the spec through the ssh config file, as {@code ssh HOST} would: what the spec
 * says wins (a user or a port other than 22 in the address, the Environment's key, known_hosts and
 * proxyJump), then the first value the config file gives, then OpenSSH's defaults. Jump hosts are
 * resolved through the config file too, but their own ProxyJump is not followed: the list names
 * every hop.
 */
final class SshRoutes {

  static final Path DEFAULT_KNOWN_HOSTS = Path.of("~/.ssh/known_hosts");

  /** The host to reach and the jump hosts to reach it through, first hop first. */
  record Route(SshEndpoint target, List<SshEndpoint> jumps) {}

  private SshRoutes() {}

  static SshConfig config(String name, SshCredentials credentials) throws HostException {
    if (credentials.config() == null) {
      return SshConfig.empty();
    }
    try {
      return SshConfig.load(credentials.config());
    } catch (SshConfig.ParseException e) {
      throw new HostException(name, Kind.AUTH_FAILED, "ssh config " + e.getMessage(), e);
    }
  }

  static Route resolve(String name, HostAddress address, SshCredentials credentials)
      throws HostException {
    SshConfig config = config(name, credentials);
    SshConfig.HostOptions options = config.lookup(address.hostname());
    SshEndpoint target = endpoint(address.toString(), address, options, credentials);
    String jumps = credentials.proxyJump() != null ? credentials.proxyJump() : options.proxyJump();
    List<SshEndpoint> hops = new ArrayList<>();
    for (HostAddress hop : parseJumps(name, jumps)) {
      hops.add(endpoint(hop.toString(), hop, config.lookup(hop.hostname()), credentials));
    }
    return new Route(target, List.copyOf(hops));
  }

  /**
   * {@code none}, or comma-separated {@code [ssh://][user@]host[:port]} hops.
   *
   * @throws HostException naming the hop that does not parse
   */
  static List<HostAddress> parseJumps(String name, String jumps) throws HostException {
    if (jumps == null || jumps.isBlank() || jumps.strip().equalsIgnoreCase("none")) {
      return List.of();
    }
    List<HostAddress> hops = new ArrayList<>();
    for (String hop : jumps.split(",")) {
      String text = hop.strip();
      if (text.startsWith("ssh://")) {
        text = text.substring("ssh://".length());
      }
      try {
        hops.add(HostAddress.parse(text));
      } catch (IllegalArgumentException e) {
        throw new HostException(
            name, Kind.UNREACHABLE, "ProxyJump \"" + hop.strip() + "\": " + e.getMessage(), e);
      }
    }
    return hops;
  }

  private static SshEndpoint endpoint(
      String written,
      HostAddress address,
      SshConfig.HostOptions options,
      SshCredentials credentials) {
    String hostname = options.hostName() != null ? options.hostName() : address.hostname();
    int port = address.port() != 22 || options.port() == null ? address.port() : options.port();
    String localUser = System.getProperty("user.name");
    String user =
        address.user() != null
            ? address.user()
            : options.user() != null ? options.user() : localUser;
    List<Path> identityFiles = new ArrayList<>();
    for (String file : options.identityFiles()) {
      if (!file.equalsIgnoreCase("none")) {
        identityFiles.add(expand(file, address.hostname(), hostname, user, localUser));
      }
    }
    Path knownHosts;
    if (credentials.knownHosts() != null) {
      knownHosts = credentials.knownHosts();
    } else if (!options.knownHostsFiles().isEmpty()) {
      knownHosts =
          expand(options.knownHostsFiles().get(0), address.hostname(), hostname, user, localUser);
    } else {
      knownHosts = DEFAULT_KNOWN_HOSTS;
    }
    return new SshEndpoint(written, hostname, port, user, List.copyOf(identityFiles), knownHosts);
  }

  /** ssh_config(5) TOKENS in file names: {@code ~ %d %h %n %r %u %%}. */
  private static Path expand(
      String file, String original, String hostname, String remoteUser, String localUser) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < file.length(); i++) {
      char c = file.charAt(i);
      if (c != '%' || i + 1 >= file.length()) {
        out.append(c);
        continue;
      }
      char token = file.charAt(++i);
      switch (token) {
        case 'd' -> out.append(System.getProperty("user.home"));
        case 'h' -> out.append(hostname);
        case 'n' -> out.append(original);
        case 'r' -> out.append(remoteUser);
        case 'u' -> out.append(localUser);
        case '%' -> out.append('%');
        default -> out.append('%').append(token);
      }
    }
    return HomePath.expand(out.toString());
  }
}
