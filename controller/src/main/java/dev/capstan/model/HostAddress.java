package dev.capstan.model;

/**
 * One deploy target: {@code local} (this machine, no SSH) or {@code [user@]host[:port]}.
 *
 * @param user login name, null for the controller's own user name
 * @param hostname DNS name or IP address (IPv6 without brackets); {@code "local"} for this machine
 * @param port SSH port
 */
public record HostAddress(String user, String hostname, int port) {

  public static final String LOCAL = "local";
  public static final HostAddress LOCAL_HOST = new HostAddress(null, LOCAL, 0);

  /**
   * Parses {@code local} or {@code [user@]host[:port]}: user {@code [a-z_][a-z0-9_.-]*} (at most
   * 32), host a DNS name, an IPv4 address or a bracketed IPv6 address, port 1 to 65535 (default
   * 22).
   *
   * @throws IllegalArgumentException saying what is wrong with the text
   */
  public static HostAddress parse(String text) {
    return HostAddressParser.parse(text);
  }

  public boolean isLocal() {
    return LOCAL.equals(hostname);
  }

  /**
   * The machine and port this address reaches, whoever logs in ({@code web1.example.com:22}, {@code
   * local}): two addresses with the same one share every folder of that machine.
   */
  public String machine() {
    return isLocal() ? LOCAL : hostname.toLowerCase(java.util.Locale.ROOT) + ":" + port;
  }

  /** The address as written in the spec, and as it appears in status and logs. */
  @Override
  public String toString() {
    if (isLocal()) {
      return LOCAL;
    }
    // An IPv6 address needs its brackets back, or its colons would read as a port.
    String host = hostname.contains(":") ? "[" + hostname + "]" : hostname;
    String withUser = user == null ? host : user + "@" + host;
    return port == 22 ? withUser : withUser + ":" + port;
  }
}
