package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseListenTest {

  @Test
  void readsTheDefault() throws Exception {
    InetSocketAddress address = ControllerServer.parseListen(ControllerServer.DEFAULT_LISTEN);

    assertEquals(InetAddress.getByName("127.0.0.1"), address.getAddress());
    assertEquals(9321, address.getPort());
  }

  @Test
  void readsABracketedIpv6Address() throws Exception {
    InetSocketAddress address = ControllerServer.parseListen("[::1]:9321");

    assertEquals(InetAddress.getByName("::1"), address.getAddress());
    assertEquals(9321, address.getPort());
  }

  @Test
  void readsEveryInterfaceAndAnEphemeralPort() {
    InetSocketAddress address = ControllerServer.parseListen(" 0.0.0.0:0 ");

    assertTrue(address.getAddress().isAnyLocalAddress());
    assertEquals(0, address.getPort());
  }

  @Test
  void resolvesAHostName() {
    assertTrue(ControllerServer.parseListen("localhost:8080").getAddress().isLoopbackAddress());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9321                | :PORT missing",
        "127.0.0.1           | :PORT missing",
        ":9321               | host missing (0.0.0.0 listens on every interface)",
        "[]:9321             | host missing (0.0.0.0 listens on every interface)",
        "::1:9321            | an IPv6 address needs brackets, as in [::1]:9321",
        "[::1                | ']' missing after the IPv6 address",
        "[::1]9321           | :PORT missing after ']'",
        "[::1]:              | port must be a number from 0 to 65535",
        "127.0.0.1:65536     | port must be a number from 0 to 65535",
        "127.0.0.1:-1        | port must be a number from 0 to 65535",
        "127.0.0.1:http      | port must be a number from 0 to 65535",
        "[127.0.0.1]:9321    | not an IPv6 address: [127.0.0.1]",
        "no-such-host.invalid:9321 | unknown host: no-such-host.invalid",
      })
  void explainsWhatIsWrong(String value, String why) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ControllerServer.parseListen(value));

    assertEquals(
        "invalid listen address \""
            + value
            + "\": "
            + why
            + "; expected HOST:PORT, e.g. 127.0.0.1:9321 or [::1]:9321",
        error.getMessage());
  }
}
