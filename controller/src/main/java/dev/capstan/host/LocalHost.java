package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The controller's own machine as a host: scripts run in a local {@code /bin/sh}, no SSH. */
public final class LocalHost implements RemoteHost {

  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExecResult exec(String script, InputStream stdin, Duration timeout) throws HostException {
    Deadline deadline = Deadline.after(timeout);
    Process process = start(script);
    CommandStreams streams =
        CommandStreams.start(
            process.getInputStream(),
            process.getErrorStream(),
            stdin,
            process.getOutputStream(),
            () -> killTree(process));
    try {
      CommandStreams.Output output = streams.awaitOutput(deadline);
      if (!process.waitFor(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException();
      }
      streams.checkInput();
      return new ExecResult(process.exitValue(), output.stdout(), output.stderr());
    } catch (TimeoutException e) {
      killTree(process);
      throw new HostException(
          NAME, Kind.TIMEOUT, "command did not finish within " + deadline.describe());
    } catch (IOException e) {
      killTree(process);
      throw new HostException(NAME, Kind.IO, e.getMessage(), e);
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw new HostException(NAME, Kind.IO, "interrupted while waiting for the command", e);
    } finally {
      streams.cancel();
    }
  }

  /** Nothing to close: every command is its own process. */
  @Override
  public void close() {}

  private static Process start(String script) throws HostException {
    try {
      return new ProcessBuilder("/bin/sh", "-c", script).start();
    } catch (IOException e) {
      throw new HostException(NAME, Kind.IO, "cannot start /bin/sh: " + e.getMessage(), e);
    }
  }

  /**
   * Kills the shell and everything it started. The descendants are listed before the shell dies,
   * because afterwards they are re-parented and no longer found below it.
   */
  private static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
