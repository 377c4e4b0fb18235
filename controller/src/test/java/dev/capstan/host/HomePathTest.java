package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HomePathTest {

  private final Path home = Path.of(System.getProperty("user.home"));

  @Test
  void expandsALeadingTildeSlash() {
    assertEquals(home.resolve(".ssh/id_ed25519"), HomePath.expand("~/.ssh/id_ed25519"));
  }

  @Test
  void expandsALoneTilde() {
    assertEquals(home, HomePath.expand("~"));
  }

  @Test
  void leavesOtherPathsAlone() {
    assertEquals(Path.of("/etc/ssh/known_hosts"), HomePath.expand("/etc/ssh/known_hosts"));
    assertEquals(Path.of("keys/~/id"), HomePath.expand("keys/~/id"));
    assertEquals(Path.of("~deploy/.ssh/id"), HomePath.expand("~deploy/.ssh/id"));
  }
}
