package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh_config(5) as Capstan reads it: patterns, first value wins, errors with their line. */
class SshConfigTest {

  @TempDir Path tmp;

  private static SshConfig parse(String... lines) throws SshConfig.ParseException {
    return SshConfig.parse(Path.of("config"), List.of(lines));
  }

  @Test
  void theFirstValueOfEachOptionWinsAndIdentityFilesAddUp() throws Exception {
    SshConfig config =
        parse(
            "User global",
            "Host web*",
            "  HostName %h.example.com",
            "  IdentityFile ~/.ssh/web",
            "Host web1 db1",
            "  HostName ignored.example.com",
            "  Port 2222",
            "  User deploy",
            "  IdentityFile ~/.ssh/second",
            "Host *",
            "  Port 22",
            "  ProxyJump bastion");
    SshConfig.HostOptions web1 = config.lookup("web1");
    assertEquals("web1.example.com", web1.hostName());
    assertEquals(2222, web1.port());
    assertEquals("global", web1.user(), "lines before the first Host apply to every host, first");
    assertEquals(List.of("~/.ssh/web", "~/.ssh/second"), web1.identityFiles());
    assertEquals("bastion", web1.proxyJump());

    SshConfig.HostOptions db1 = config.lookup("db1");
    assertEquals("ignored.example.com", db1.hostName());
    assertEquals(2222, db1.port());
  }

  @Test
  void patternsMatchWithStarQuestionMarkAndNegation() throws Exception {
    SshConfig config = parse("Host !web3 web? *.internal", "  Port 2200", "Host *", "  Port 22");
    assertEquals(2200, config.lookup("web1").port());
    assertEquals(2200, config.lookup("WEB2").port(), "host names match without case");
    assertEquals(22, config.lookup("web3").port(), "a negated pattern excludes the host");
    assertEquals(22, config.lookup("web10").port(), "? is one character");
    assertEquals(2200, config.lookup("db.internal").port());
    assertTrue(SshConfig.matches(List.of("*"), "anything"));
    assertFalse(SshConfig.matches(List.of("!*"), "anything"));
  }

  @Test
  void unknownOptionsAndMatchBlocksAreIgnored() throws Exception {
    SshConfig config =
        parse(
            "Host web1",
            "  ServerAliveInterval 30",
            "  ControlMaster auto",
            "Match host web1",
            "  User from-match",
            "Host web1",
            "  User deploy");
    assertEquals("deploy", config.lookup("web1").user());
    assertNull(config.lookup("web1").hostName());
  }

  @Test
  void includesOtherFiles() throws Exception {
    Files.writeString(tmp.resolve("web.conf"), "Host web1\n  Port 2201\n");
    Path main =
        Files.writeString(
            tmp.resolve("config"), "Include " + tmp.resolve("*.conf") + "\nHost *\n  Port 22\n");
    assertEquals(2201, SshConfig.load(main).lookup("web1").port());
  }

  @Test
  void aWrongLineIsReportedWithItsFileAndLine() {
    SshConfig.ParseException port =
        assertThrows(SshConfig.ParseException.class, () -> parse("Host web1", "  Port twenty-two"));
    assertEquals(2, port.line());
    assertTrue(port.getMessage().startsWith("config:2: Port must be a number"), port.getMessage());

    SshConfig.ParseException quote =
        assertThrows(
            SshConfig.ParseException.class,
            () -> parse("Host web1", "  IdentityFile \"~/.ssh/a key"));
    assertEquals(2, quote.line());

    SshConfig.ParseException host =
        assertThrows(SshConfig.ParseException.class, () -> parse("Host"));
    assertEquals(1, host.line());
  }

  @Test
  void aMissingFileIsAnErrorNamingIt() {
    Path absent = tmp.resolve("absent");
    SshConfig.ParseException e =
        assertThrows(SshConfig.ParseException.class, () -> SshConfig.load(absent));
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
  }
}
