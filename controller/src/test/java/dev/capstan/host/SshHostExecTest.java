package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.testing.SshdHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SshHost} running scripts on a real sshd, over one shared connection. */
class SshHostExecTest extends ExecContract {

  private static SshdHosts sshd;
  private static SshHost host;

  @BeforeAll
  static void connect() throws HostException {
    sshd = SshdHosts.start(1);
    host = SshHost.connect(sshd.address(0), sshd.credentials());
  }

  @AfterAll
  static void disconnect() {
    if (host != null) {
      host.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Override
  RemoteHost host() {
    return host;
  }

  @Test
  void isNamedByItsAddress() {
    assertEquals("root@127.0.0.1:" + sshd.host(0).port(), host.name());
  }

  @Test
  void runsScriptsFromManyThreadsOnOneConnection() throws Exception {
    int threads = 2 * SshHost.MAX_CONCURRENT_SESSIONS;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> outputs = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String word = "thread-" + i;
        outputs.add(
            pool.submit(
                () -> {
                  String out = "";
                  for (int round = 0; round < 5; round++) {
                    out = host.exec("sleep 0.05; echo " + Shell.quote(word), TIMEOUT).stdout();
                  }
                  return out;
                }));
      }
      for (int i = 0; i < threads; i++) {
        assertEquals("thread-" + i + "\n", outputs.get(i).get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reportsADroppedConnectionAsIo() throws HostException {
    try (SshHost own = SshHost.connect(sshd.address(0), sshd.credentials())) {
      // Killing this connection's sshd process (the nearest sshd above the script) drops it.
      String killSessionSshd =
          "p=$PPID; while [ \"$(cat /proc/$p/comm)\" != sshd ]; do"
              + " p=$(cut -d' ' -f4 /proc/$p/stat); done; kill -9 $p";
      HostException during =
          assertThrows(HostException.class, () -> own.exec(killSessionSshd, TIMEOUT));
      HostException after = assertThrows(HostException.class, () -> own.exec("true", TIMEOUT));

      assertEquals(HostException.Kind.IO, during.kind(), during.getMessage());
      assertEquals(HostException.Kind.IO, after.kind(), after.getMessage());
    }
  }

  @Test
  void theScriptRunsInBinShWhateverTheLoginShell() throws HostException {
    ExecResult result = host.exec("echo \"$0\"", TIMEOUT);

    assertEquals("/bin/sh\n", result.stdout());
  }

  @Test
  void closedHostRefusesFurtherCommands() throws HostException {
    SshHost own = SshHost.connect(sshd.address(0), sshd.credentials());
    own.close();
    own.close();

    HostException e = assertThrows(HostException.class, () -> own.exec("true", TIMEOUT));
    assertEquals(HostException.Kind.IO, e.kind());
  }

  @Test
  void timesOutQuicklyEvenWhileWaitingForASession() {
    Duration tiny = Duration.ofMillis(1);

    HostException e = assertThrows(HostException.class, () -> host.exec("sleep 5", tiny));
    assertEquals(HostException.Kind.TIMEOUT, e.kind());
  }
}
