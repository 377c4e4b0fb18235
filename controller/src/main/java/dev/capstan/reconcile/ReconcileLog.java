package dev.capstan.reconcile;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The logging context of a reconcile, as Strimzi tags its lines: the environment, the host and the
 * trigger, carried from the reconcile's thread to the host threads it starts.
 */
public final class ReconcileLog {

  public static final String ENVIRONMENT = "environment";
  public static final String HOST = "host";
  public static final String TRIGGER = "trigger";

  private ReconcileLog() {}

  /**
   * {@code task} to run on another thread with the calling thread's context, plus {@code host}
   * when not null; the running thread's own context is restored afterwards.
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
    Callable<Void> call = carrying(host, () -> {
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
