package dev.capstan.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition with a deadline, looking again every 50 ms: never a fixed sleep. */
public final class Eventually {

  private Eventually() {}

  public static void await(Duration timeout, String what, Callable<Boolean> condition) {
    await(timeout, Duration.ofMillis(50), what, condition);
  }

  /** The same, looking again every {@code every} (a condition that costs what is measured). */
  public static void await(
      Duration timeout, Duration every, String what, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
      } catch (Exception e) {
        last = e; // the condition may look at files that are being replaced
      }
      LockSupport.parkNanos(every.toNanos());
    }
    throw new AssertionError(
        "timed out after "
            + timeout
            + " waiting until "
            + what
            + (last == null ? "" : " (last error: " + last + ")"));
  }
}
