package dev.capstan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for processes the code under test should have ended, by pid, with a deadline. */
public final class Processes {

  private Processes() {}

  /** Whether {@code pid} is a running process; a zombie awaiting its reaper counts as gone. */
  public static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The state follows the command name, which is in parentheses and may contain spaces.
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the process a pid file names, if the file and the process exist: test teardown. */
  public static void stopByPidFile(Path pidFile) throws IOException {
    if (Files.exists(pidFile)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
          .ifPresent(ProcessHandle::destroy);
    }
  }

  /** Waits until {@code pid} is gone; false if it still runs when {@code timeout} has passed. */
  public static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !isRunning(pid)) {
      return true;
    }
    try {
      handle.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !isRunning(pid);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
