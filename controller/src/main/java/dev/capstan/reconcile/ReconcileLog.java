package dev.capstan.reconcile;

import dev.capstan.model.DurationText;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * How a reconcile logs: its context, as Strimzi tags its lines (the environment, the host and the
 * trigger, carried from the reconcile's thread to the host threads it starts), and its outcome.
 */
public final class ReconcileLog {

  public static final String ENVIRONMENT = "environment";
  public static final String HOST = "host";
  public static final String TRIGGER = "trigger";

  private static final Logger QUEUE_LOG = LoggerFactory.getLogger(WorkQueue.class);

  private ReconcileLog() {}

  /**
   * How a reconcile ended: a failure at WARN with when it is retried, success at DEBUG.
   *
   * @param retryIn null when no retry is scheduled
   * @param error what the reconciler threw, null when it returned
   */
  static void ended(
      Object key, Duration took, WorkQueue.Result result, Duration retryIn, Exception error) {
    if (result instanceof WorkQueue.Result.Failed failed) {
      String next =
          retryIn == null ? "no retry scheduled" : "retry in " + DurationText.format(retryIn);
      QUEUE_LOG.warn(
          "Reconcile of {} failed after {}: {}; {}",
          key,
          DurationText.format(took),
          failed.reason(),
          next,
          error);
    } else {
      QUEUE_LOG.debug("Reconcile of {} done in {}", key, DurationText.format(took));
    }
  }

  /**
   * {@code task} to run on another thread with the calling thread's context, plus {@code host} when
   * not null; the running thread's own context is restored afterwards.
   */
  static <T> Callable<T> carrying(String host, Callable<T> task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      set(context);
      if (host != null) {
        MDC.put(HOST, host);
      }
      try {
        return task.call();
      } finally {
        set(before);
      }
    };
  }

  /** Like {@link #carrying(String, Callable)} for a task that returns nothing. */
  static Runnable carrying(String host, Runnable task) {
    Callable<Void> call =
        carrying(
            host,
            () -> {
              task.run();
              return null;
            });
    return () -> {
      try {
        call.call();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("a Runnable threw a checked exception", e);
      }
    };
  }

  /** Runs {@code action} with {@code host} in the context, then restores the host there before. */
  static void withHost(String host, Runnable action) {
    String before = MDC.get(HOST);
    MDC.put(HOST, host);
    try {
      action.run();
    } finally {
      if (before == null) {
        MDC.remove(HOST);
      } else {
        MDC.put(HOST, before);
      }
    }
  }

  private static void set(Map<String, String> context) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }
}
