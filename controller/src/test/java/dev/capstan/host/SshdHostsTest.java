package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.SshdHost;
import dev.capstan.testing.SshdHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The sshd fixture as other tests rely on it: hosts with their own folder at one shared path, and a
 * host whose root logs in with another shell.
 */
class SshdHostsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String MOUNT_POINT = "/srv/capstan-test";

  @Test
  void hostsBoundAtOneMountPointSeeTheirOwnFiles() throws Exception {
    try (SshdHosts hosts = SshdHosts.builder().count(2).bindAt(MOUNT_POINT).start();
        SshHost first = SshHost.connect(hosts.address(0), hosts.credentials());
        SshHost second = SshHost.connect(hosts.address(1), hosts.credentials())) {
      ExecResult wrote = first.exec("echo one > " + MOUNT_POINT + "/marker", TIMEOUT);

      assertEquals(0, wrote.exitStatus(), wrote.stderr());
      assertEquals("one\n", Files.readString(hosts.host(0).hostDir().resolve("marker")));
      assertFalse(Files.exists(hosts.host(1).hostDir().resolve("marker")));
      assertFalse(Files.exists(Path.of(MOUNT_POINT, "marker")), "the real folder stays untouched");
      assertEquals(1, second.exec("test -e " + MOUNT_POINT + "/marker", TIMEOUT).exitStatus());
    }
  }

  @Test
  void everyHostHasItsOwnPortAndHostKey() {
    try (SshdHosts hosts = SshdHosts.start(2)) {
      SshdHost a = hosts.host(0);
      SshdHost b = hosts.host(1);

      assertNotEquals(a.port(), b.port());
      assertNotEquals(a.hostKey(), b.hostKey());
      assertTrue(a.knownHostsLine().startsWith("[127.0.0.1]:" + a.port() + " ssh-ed25519 AAAA"));
    }
  }

  @Test
  void stopEndsSshdAndTheSessionsItServes() throws Exception {
    SshdHosts hosts = SshdHosts.start(1);
    try (SshHost host = SshHost.connect(hosts.address(0), hosts.credentials())) {
      long sshdPid = hosts.host(0).pid();

      hosts.close();

      assertFalse(ProcessHandle.of(sshdPid).map(ProcessHandle::isAlive).orElse(false));
      assertFalse(Files.exists(hosts.host(0).dir()));
      HostException e = assertThrows(HostException.class, () -> host.exec("true", TIMEOUT));
      assertEquals(HostException.Kind.IO, e.kind());
    }
  }

  /**
   * Root's login shell here is dash instead of bash; the one line sshd hands it must still mean the
   * same, because every value in it is quoted.
   */
  @Test
  void quotedScriptsRunTheSameUnderAnotherLoginShell() throws Exception {
    try (SshdHosts hosts = SshdHosts.builder().loginShell("/bin/dash").start();
        SshHost host = SshHost.connect(hosts.address(0), hosts.credentials())) {
      String loginShell = host.exec("getent passwd root | cut -d: -f7", TIMEOUT).stdout();
      ExecResult result =
          host.exec(
              "printf '%s' " + Shell.quote(ExecContract.NASTY) + "; echo \"$0\" >&2", TIMEOUT);

      assertEquals("/bin/dash\n", loginShell);
      assertEquals(ExecContract.NASTY, result.stdout());
      assertEquals("/bin/sh\n", result.stderr());
    }
  }
}
