package dev.capstan.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses {@code HOST:PORT} and {@code [IPv6]:PORT} listen addresses with messages for people. */
final class ListenAddress {

  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  private ListenAddress() {}

  static InetSocketAddress parse(String value) {
    String text = value.strip();
    int colon;
    if (text.startsWith("[")) {
      int bracket = text.indexOf(']');
      if (bracket < 0) {
        throw invalid(value, "']' missing after the IPv6 address");
      }
      if (bracket + 1 >= text.length() || text.charAt(bracket + 1) != ':') {
        throw invalid(value, ":PORT missing after ']'");
      }
      colon = bracket + 1;
    } else {
      colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw invalid(value, ":PORT missing");
      }
      if (text.indexOf(':') != colon) {
        throw invalid(value, "an IPv6 address needs brackets, as in [::1]:9321");
      }
    }
    String host = text.substring(0, colon);
    if (host.isEmpty() || host.equals("[]")) {
      throw invalid(value, "host missing (0.0.0.0 listens on every interface)");
    }
    return new InetSocketAddress(address(value, host), port(value, text.substring(colon + 1)));
  }

  private static int port(String value, String port) {
    if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
      throw invalid(value, "port must be a number from 0 to 65535");
    }
    return Integer.parseInt(port);
  }

  private static InetAddress address(String value, String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      String what = host.startsWith("[") ? "not an IPv6 address: " : "unknown host: ";
      throw invalid(value, what + host);
    }
  }

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException(
        "invalid listen address \""
            + value
            + "\": "
            + why
            + "; expected HOST:PORT, e.g. 127.0.0.1:9321 or [::1]:9321");
  }
}
