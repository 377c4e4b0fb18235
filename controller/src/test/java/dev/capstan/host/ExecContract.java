package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.Processes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link RemoteHost} must do with a script, run against each implementation by a
 * subclass that supplies the host (tests here write to {@code tmp}, which the host must see).
 */
abstract class ExecContract {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Tricky for any shell: quotes, substitutions, separators, globs, newlines. */
  static final String NASTY =
      "a b  'single' \"double\" $(touch /tmp/capstan-pwned) `id` ; echo semi | cat && x"
          + " *.java ? ~ $HOME !! #hash\nsecond line\n\n";

  @TempDir Path tmp;

  abstract RemoteHost host();

  @Test
  void capturesStdoutStderrAndExitStatus() throws HostException {
    ExecResult result = host().exec("echo out; echo err >&2; exit 3", TIMEOUT);

    assertEquals(3, result.exitStatus());
    assertEquals("out\n", result.stdout());
    assertEquals("err\n", result.stderr());
  }

  @Test
  void aSucceedingScriptHasStatusZero() throws HostException {
    ExecResult result = host().exec("true", TIMEOUT);

    assertTrue(result.succeeded());
    assertEquals("", result.stdout());
  }

  @Test
  void streamsStandardInputToTheScript() throws HostException {
    byte[] input = new byte[3 * 1024 * 1024];
    Arrays.fill(input, (byte) 'x');

    ExecResult result = host().exec("wc -c", new ByteArrayInputStream(input), TIMEOUT);

    assertEquals(String.valueOf(input.length), result.stdout().strip());
  }

  @Test
  void aScriptWithoutInputReadsEndOfFile() throws HostException {
    ExecResult result = host().exec("cat; echo done", TIMEOUT);

    assertEquals("done\n", result.stdout());
  }

  @Test
  void readsLargeOutputOnBothStreamsWithoutDeadlock() throws HostException {
    String script =
        "head -c 5242880 /dev/zero | tr '\\0' e >&2 & head -c 5242880 /dev/zero | tr '\\0' o; wait";

    ExecResult result = host().exec(script, TIMEOUT);

    assertEquals(5 * 1024 * 1024, result.stdout().length());
    assertEquals(5 * 1024 * 1024, result.stderr().length());
    assertTrue(result.stdout().chars().allMatch(c -> c == 'o'));
  }

  @Test
  void killsTheScriptAndWhatItStartedOnTimeout() throws Exception {
    Path pidFile = tmp.resolve("sleep.pid");
    String script = "sleep 300 & echo $! > " + Shell.quote(pidFile.toString()) + "; wait";
    long started = System.nanoTime();

    HostException e =
        assertThrows(HostException.class, () -> host().exec(script, Duration.ofSeconds(1)));

    assertEquals(HostException.Kind.TIMEOUT, e.kind());
    assertTrue(e.getMessage().contains("within 1s"), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0);
    long sleepPid = Long.parseLong(Files.readString(pidFile).strip());
    assertTrue(Processes.awaitGone(sleepPid, Duration.ofSeconds(10)), "sleep still runs");
  }

  @Test
  void killsDetachedChildrenOnTimeout() throws Exception {
    Path pidFile = tmp.resolve("detached.pid");
    String script = "setsid sleep 300 & echo $! > " + Shell.quote(pidFile.toString()) + "; wait";

    HostException e =
        assertThrows(HostException.class, () -> host().exec(script, Duration.ofSeconds(1)));

    assertEquals(HostException.Kind.TIMEOUT, e.kind());
    long sleepPid = Long.parseLong(Files.readString(pidFile).strip());
    assertTrue(Processes.awaitGone(sleepPid, Duration.ofSeconds(10)), "detached sleep still runs");
  }

  @Test
  void staysUsableAfterATimeout() throws HostException {
    assertThrows(HostException.class, () -> host().exec("sleep 300", Duration.ofMillis(300)));

    assertEquals("again\n", host().exec("echo again", TIMEOUT).stdout());
  }

  @Test
  void quotedValuesReachTheScriptLiterally() throws HostException {
    String echoed = "a b  'single' \"double\" $(id) `id` ; echo semi\nline two";

    ExecResult echo = host().exec("echo " + Shell.quote(echoed), TIMEOUT);
    ExecResult printf = host().exec("printf '%s' " + Shell.quote(NASTY + "back\\slash"), TIMEOUT);

    assertEquals(echoed + "\n", echo.stdout());
    assertEquals(NASTY + "back\\slash", printf.stdout());
  }

  @Test
  void scriptsRunInPosixShell() throws HostException {
    ExecResult result = host().exec("x=1\nif [ \"$x\" = 1 ]; then echo sh; fi", TIMEOUT);

    assertEquals("sh\n", result.stdout());
  }

  @Test
  void abortsTheScriptWhenItsInputCannotBeRead() throws Exception {
    Path written = tmp.resolve("written");
    InputStream failing = new FailingInputStream(1024 * 1024);

    HostException e =
        assertThrows(
            HostException.class,
            () -> host().exec("cat > " + Shell.quote(written.toString()), failing, TIMEOUT));

    assertEquals(HostException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains("standard input"), e.getMessage());
  }

  /** Yields {@code good} bytes, then fails like a broken source would. */
  static final class FailingInputStream extends InputStream {
    private int left;

    FailingInputStream(int good) {
      this.left = good;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0) {
        throw new IOException("source broke");
      }
      int n = Math.min(length, left);
      Arrays.fill(buffer, offset, offset + n, (byte) 'y');
      left -= n;
      return n;
    }
  }
}
