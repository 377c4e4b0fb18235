package dev.capstan.model;

import java.util.regex.Pattern;

/** Parses {@code local} and {@code [user@]host[:port]}, with a precise reason when it cannot. */
final class HostAddressParser {

  static final int DEFAULT_PORT = 22;

  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_CHARACTER = Pattern.compile("[A-Za-z0-9.-]");
  private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  private static final int MAX_HOSTNAME = 253;

  private HostAddressParser() {}

  static HostAddress parse(String text) {
    if (text.equals(HostAddress.LOCAL)) {
      return HostAddress.LOCAL_HOST;
    }
    if (text.isEmpty()) {
      throw new InvalidValueException("must be \"local\" or [user@]host[:port], not empty");
    }
    TextRules.visible(text);
    int at = text.indexOf('@');
    String user = at < 0 ? null : user(text.substring(0, at));
    String hostAndPort = text.substring(at + 1);
    HostAddress address =
        hostAndPort.startsWith("[") ? bracketed(user, hostAndPort) : plain(user, hostAndPort);
    if (address.isLocal()) {
      throw new InvalidValueException("\"local\" takes no user or port");
    }
    return address;
  }

  private static String user(String user) {
    if (user.isEmpty()) {
      throw new InvalidValueException("user before \"@\" is missing");
    }
    if (!USER.matcher(user).matches()) {
      throw new InvalidValueException(
          "invalid user "
              + Messages.quote(user)
              + ": must start with a-z or \"_\", continue with a-z, 0-9, \"_\", \".\" or \"-\","
              + " and be at most 32 characters");
    }
    return user;
  }

  private static HostAddress bracketed(String user, String text) {
    int close = text.indexOf(']');
    if (close < 0) {
      throw new InvalidValueException("missing \"]\" after the IPv6 address");
    }
    String address = text.substring(1, close);
    if (!isIpv6(address)) {
      throw new InvalidValueException("invalid IPv6 address " + Messages.quote(address));
    }
    String rest = text.substring(close + 1);
    if (!rest.isEmpty() && !rest.startsWith(":")) {
      throw new InvalidValueException("unexpected " + Messages.quote(rest) + " after \"]\"");
    }
    return new HostAddress(user, address, rest.isEmpty() ? DEFAULT_PORT : port(rest.substring(1)));
  }

  private static HostAddress plain(String user, String text) {
    int colon = text.indexOf(':');
    if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
      throw new InvalidValueException("an IPv6 address must be in brackets, like [2001:db8::1]:22");
    }
    String host = colon < 0 ? text : text.substring(0, colon);
    int port = colon < 0 ? DEFAULT_PORT : port(text.substring(colon + 1));
    return new HostAddress(user, hostname(host), port);
  }

  private static int port(String port) {
    if (port.matches("[0-9]{1,5}")) {
      int value = Integer.parseInt(port);
      if (value >= 1 && value <= 65535) {
        return value;
      }
    }
    throw new InvalidValueException(
        "invalid port " + Messages.quote(port) + ": must be a number from 1 to 65535");
  }

  private static String hostname(String host) {
    if (host.isEmpty()) {
      throw new InvalidValueException("host name is missing");
    }
    if (IPV4.matcher(host).matches()) {
      if (!isIpv4(host)) {
        throw new InvalidValueException("invalid IPv4 address " + Messages.quote(host));
      }
      return host;
    }
    String reason = dnsNameProblem(host);
    if (reason != null) {
      throw new InvalidValueException("invalid host name " + Messages.quote(host) + ": " + reason);
    }
    return host;
  }

  private static String dnsNameProblem(String host) {
    for (int c : host.codePoints().toArray()) {
      if (!DNS_CHARACTER.matcher(Character.toString(c)).matches()) {
        return "contains " + Messages.character(c);
      }
    }
    if (host.length() > MAX_HOSTNAME) {
      return "longer than " + MAX_HOSTNAME + " characters";
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return label.isEmpty()
            ? "has an empty part between dots"
            : "each part must be 1 to 63 letters, digits or \"-\", and not start or end with \"-\"";
      }
    }
    return null;
  }

  static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String text) {
    if (!IPV6_CHARACTERS.matcher(text).matches()) {
      return false;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String[] sides =
        gap < 0
            ? new String[] {text}
            : new String[] {text.substring(0, gap), text.substring(gap + 2)};
    int groups = 0;
    for (int i = 0; i < sides.length; i++) {
      if (sides[i].isEmpty() && gap >= 0) {
        continue;
      }
      String[] parts = sides[i].split(":", -1);
      for (int j = 0; j < parts.length; j++) {
        boolean last = i == sides.length - 1 && j == parts.length - 1;
        int size = groupSize(parts[j], last);
        if (size == 0) {
          return false;
        }
        groups += size;
      }
    }
    return gap < 0 ? groups == 8 : groups <= 7;
  }

  /** 1 for a hex group, 2 for a trailing dotted IPv4 address, 0 for anything else. */
  private static int groupSize(String part, boolean last) {
    if (last && part.contains(".")) {
      return isIpv4(part) ? 2 : 0;
    }
    return HEX_GROUP.matcher(part).matches() ? 1 : 0;
  }
}
