package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.SshdHosts;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections kept between passes, against a real sshd: reused, replaced when broken, closed when
 * idle.
 */
class PooledHostConnectorTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static SshdHosts sshd;

  @BeforeAll
  static void start() {
    sshd = SshdHosts.start(1);
  }

  @AfterAll
  static void stop() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void passesReuseOneConnection() throws Exception {
    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    try (PooledHostConnector pool = new PooledHostConnector(counting, Duration.ofMinutes(5))) {
      for (int pass = 0; pass < 3; pass++) {
        try (RemoteHost host = pool.open(sshd.address(0), sshd.credentials())) {
          assertEquals("pass\n", host.exec("echo pass", TIMEOUT).stdout());
        }
      }
      assertEquals(1, counting.connections());
    }
  }

  @Test
  void aBrokenConnectionIsReplacedOnTheNextOpen() throws Exception {
    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    try (PooledHostConnector pool = new PooledHostConnector(counting, Duration.ofMinutes(5))) {
      try (RemoteHost host = pool.open(sshd.address(0), sshd.credentials())) {
        // sshd's process for this connection is the login shell's parent: killing it drops the
        // connection, as a rebooted host or a cut network would.
        assertThrows(
            HostException.class,
            () ->
                host.exec(
                    "read -r _ _ _ sshd _ < /proc/$PPID/stat; kill -9 $sshd; sleep 5", TIMEOUT));
      }
      try (RemoteHost host = pool.open(sshd.address(0), sshd.credentials())) {
        assertEquals("again\n", host.exec("echo again", TIMEOUT).stdout());
      }
      assertEquals(2, counting.connections());
    }
  }

  @Test
  void anIdleConnectionIsClosedButNeverUnderARunningPass() throws Exception {
    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    try (PooledHostConnector pool = new PooledHostConnector(counting, Duration.ofMillis(200))) {
      try (RemoteHost held = pool.open(sshd.address(0), sshd.credentials())) {
        pool.close(); // every pooled connection leaves the pool while this pass holds one
        assertEquals("still open\n", held.exec("echo still open", TIMEOUT).stdout());
        assertEquals(0, counting.closes(), "not closed under the pass using it");
      }
      assertEquals(1, counting.closes(), "closed once its pass was done");

      try (RemoteHost host = pool.open(sshd.address(0), sshd.credentials())) {
        host.exec("true", TIMEOUT);
      }
      Eventually.await(
          Duration.ofSeconds(10), "the idle connection is closed", () -> counting.closes() == 2);
    }
  }
}
