package dev.capstan.reconcile;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A {@link WorkQueue}'s clock and timer for delayed adds; the queue closes it on shutdown. */
public interface QueueScheduler {

  long nanoTime();

  /** Runs the task after the delay; returns the action that withdraws it (harmless later). */
  Runnable schedule(Duration delay, Runnable task);

  default void close() {}

  /** The system clock and one daemon timer thread. */
  static QueueScheduler system() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "capstan-queue-timer");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return new QueueScheduler() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Runnable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }

      @Override
      public void close() {
        timer.shutdownNow();
      }
    };
  }
}
