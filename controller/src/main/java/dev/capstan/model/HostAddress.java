package dev.capstan.model;

/**
 * One deploy target: {@code local} (this machine, no SSH) or {@code [user@]host[:port]}.
 *
 * @param user login name, null for the controller's own user name
 * @param hostname DNS name or IP address; {@code "local"} for this machine
 * @param port SSH port
 */
public record HostAddress(String user, String hostname, int port) {

  public static final String LOCAL = "local";
  public static final HostAddress LOCAL_HOST = new HostAddress(null, LOCAL, 0);

  public boolean isLocal() {
    return LOCAL.equals(hostname);
  }

  /** The address as written in the spec, and as it appears in status and logs. */
  @Override
  public String toString() {
    if (isLocal()) {
      return LOCAL;
    }
    String withUser = user == null ? hostname : user + "@" + hostname;
    return port == 22 ? withUser : withUser + ":" + port;
  }
}
