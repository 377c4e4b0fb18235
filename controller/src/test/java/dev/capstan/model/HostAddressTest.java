package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostAddressTest {

  @Test
  void parsesUserHostAndPort() {
    assertEquals(
        new HostAddress("deploy", "web2.example.com", 2222),
        HostAddress.parse("deploy@web2.example.com:2222"));
    assertEquals(new HostAddress(null, "web1", 22), HostAddress.parse("web1"));
    assertEquals(
        new HostAddress("_ci.bot-1", "10.0.0.1", 22), HostAddress.parse("_ci.bot-1@10.0.0.1"));
    assertEquals(
        new HostAddress(null, "2001:db8::1", 2200), HostAddress.parse("[2001:db8::1]:2200"));
    assertEquals(
        new HostAddress("ops", "::ffff:10.0.0.1", 22), HostAddress.parse("ops@[::ffff:10.0.0.1]"));
  }

  @Test
  void localIsThisMachine() {
    HostAddress local = HostAddress.parse("local");
    assertTrue(local.isLocal());
    assertEquals(HostAddress.LOCAL_HOST, local);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "local",
        "web1.example.com",
        "deploy@web1.example.com",
        "deploy@web2.example.com:2222",
        "[::1]",
        "ops@[2001:db8::1]:2022"
      })
  void printsAsWritten(String text) {
    assertEquals(text, HostAddress.parse(text).toString());
  }

  @Test
  void dropsTheDefaultPortWhenPrinting() {
    assertEquals("web1", HostAddress.parse("web1:22").toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                  | must be \"local\" or [user@]host[:port], not empty",
        "@web1                               | user before \"@\" is missing",
        "a@b@web1                            | invalid host name \"b@web1\": contains \"@\"",
        "deploy@                             | host name is missing",
        "web1:                               | invalid port \"\": must be a number from 1 to 65535",
        "web1:0                              | invalid port \"0\": must be a number from 1 to 65535",
        "web1:65536                          | invalid port \"65536\": must be a number from 1 to 65535",
        "web1:-1                             | invalid port \"-1\": must be a number from 1 to 65535",
        "web_1                               | invalid host name \"web_1\": contains \"_\"",
        "'web 1'                             | invalid host name \"web 1\": contains \" \"",
        "web..example.com                    | invalid host name \"web..example.com\": has an empty part between dots",
        "web1.                               | invalid host name \"web1.\": has an empty part between dots",
        "-web1                               | invalid host name \"-web1\": each part must be 1 to 63 letters, digits or \"-\", and not start or end with \"-\"",
        "256.1.1.1                           | invalid IPv4 address \"256.1.1.1\"",
        "1.2.3                               | invalid IPv4 address \"1.2.3\"",
        "2001:db8::1                         | an IPv6 address must be in brackets, like [2001:db8::1]:22",
        "[2001:db8::1                        | missing \"]\" after the IPv6 address",
        "[2001:db8:::1]                      | invalid IPv6 address \"2001:db8:::1\"",
        "[1:2:3:4:5:6:7]                     | invalid IPv6 address \"1:2:3:4:5:6:7\"",
        "[fe80::1%eth0]                      | invalid IPv6 address \"fe80::1%eth0\"",
        "[::1]2222                           | unexpected \"2222\" after \"]\"",
        "deploy@local                        | \"local\" takes no user or port",
        "local:22                            | \"local\" takes no user or port",
      })
  void rejectsWithAReason(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostAddress.parse(text));
    assertEquals(reason, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Deploy", "1deploy", "de ploy", "a23456789012345678901234567890123"})
  void rejectsUsersThatAreNotLinuxLoginNames(String user) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostAddress.parse(user + "@web1"));
    assertEquals(
        "invalid user "
            + Messages.quote(user)
            + ": must start with a-z or \"_\", continue with a-z, 0-9, \"_\", \".\" or \"-\","
            + " and be at most 32 characters",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1::8", "::ffff:1.2.3.4", "FE80::a"})
  void acceptsIpv6Forms(String address) {
    assertTrue(HostAddressParser.isIpv6(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", ":", "1:2", "1::2::3", ":1::", "12345::", "1:2:3:4:5:6:7:8:9", "::1.2.3"})
  void rejectsBrokenIpv6(String address) {
    assertFalse(HostAddressParser.isIpv6(address));
  }
}
