package dev.capstan.reconcile;

import dev.capstan.model.DurationText;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs reconciles of keys on a fixed number of workers, the way client-go's rate-limited work queue
 * does: one run per key at a time, triggers that arrive while a key waits fold into one run, a key
 * triggered during its run runs once more afterwards, and failures back off per key. Safe to call
 * from any thread.
 */
public final class WorkQueue<K> {

  /** Brings one key's actual state to its desired state; the trigger says why it runs. */
  @FunctionalInterface
  public interface Reconciler<K> {
    Result reconcile(K key, String trigger) throws Exception;
  }

  /** What a reconcile asks of the queue next: nothing, another look later, or a retry. */
  public sealed interface Result {
    /** In sync: the key's failure count resets. */
    record Done() implements Result {}

    /** In sync, but look again (trigger {@code requeue}) after the delay; failures reset. */
    record RequeueAfter(Duration delay) implements Result {}

    /** Not in sync: retry (trigger {@code retry}) after the key's next backoff delay. */
    record Failed(String reason) implements Result {}

    static Result done() {
      return new Done();
    }

    static Result requeueAfter(Duration delay) {
      return new RequeueAfter(Objects.requireNonNull(delay));
    }

    static Result failed(String reason) {
      return new Failed(Objects.requireNonNull(reason));
    }

    default boolean ok() {
      return !(this instanceof Failed);
    }
  }

  /** Observes reconciles for metrics; called on the worker thread, outside the queue's lock. */
  public interface Listener<K> {
    default void started(K key, String trigger) {}

    /** An exception thrown by the reconciler arrives as a {@link Result.Failed}. */
    default void finished(K key, String trigger, Duration took, Result result) {}
  }

  private static final String REQUEUE = "requeue";
  private static final String RETRY = "retry";

  private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

  private final Reconciler<K> reconciler;
  private final Backoff backoff;
  private final QueueScheduler scheduler;
  private final Listener<K> listener;
  private final ExecutorService workers;
  private final Map<K, QueueEntry> entries = new HashMap<>();
  private final Set<K> running = new HashSet<>();
  private boolean stopped;

  public WorkQueue(
      Reconciler<K> reconciler,
      int workers,
      Backoff backoff,
      QueueScheduler scheduler,
      Listener<K> listener) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    this.reconciler = Objects.requireNonNull(reconciler);
    this.backoff = Objects.requireNonNull(backoff);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.listener = Objects.requireNonNull(listener);
    this.workers = Executors.newFixedThreadPool(workers, workerThreads());
  }

  /** Default backoff, the system clock and no listener. */
  public WorkQueue(Reconciler<K> reconciler, int workers) {
    this(reconciler, workers, Backoff.DEFAULT, QueueScheduler.system(), new Listener<>() {});
  }

  /**
   * Runs the key as soon as a worker is free, or once more after its current run. Cancels the key's
   * pending delayed add but keeps its failure count: call {@link #forget} first when the key's spec
   * changed.
   */
  public synchronized void enqueue(K key, String trigger) {
    Objects.requireNonNull(trigger);
    if (stopped) {
      return;
    }
    QueueEntry entry = entries.computeIfAbsent(Objects.requireNonNull(key), k -> new QueueEntry());
    entry.cancelDelayed();
    entry.triggers.add(trigger);
    submitIfReady(key, entry);
  }

  /**
   * Runs the key after the delay, unless an {@link #enqueue} comes first. A key has one pending
   * delayed add: the earliest asked for, carrying the triggers of all.
   */
  public synchronized void enqueueAfter(K key, String trigger, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      enqueue(key, trigger);
      return;
    }
    Objects.requireNonNull(trigger);
    if (!stopped) {
      QueueEntry entry =
          entries.computeIfAbsent(Objects.requireNonNull(key), k -> new QueueEntry());
      addDelayed(key, entry, trigger, delay);
    }
  }

  /** Resets the key's failure count; a pending retry stays until an {@link #enqueue}. */
  public synchronized void forget(K key) {
    QueueEntry entry = entries.get(key);
    if (entry != null) {
      entry.failures = 0;
    }
  }

  /** Stops managing the key: drops its waiting and delayed work; a current run is not requeued. */
  public synchronized void remove(K key) {
    QueueEntry entry = entries.remove(key);
    if (entry != null) {
      entry.cancelDelayed();
      notifyAll();
    }
  }

  /** True when no key is running or waiting for a worker; delayed adds do not count. */
  public synchronized boolean isIdle() {
    return running.isEmpty() && entries.values().stream().noneMatch(e -> e.queued);
  }

  /** Waits until {@link #isIdle()}; false if the timeout passed first. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isIdle()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Stops taking work (later enqueues are ignored, waiting keys never start), lets running
   * reconciles finish within the grace period, then interrupts them. Returns whether all finished
   * in time.
   */
  public boolean shutdown(Duration grace) throws InterruptedException {
    synchronized (this) {
      stopped = true;
      for (QueueEntry entry : entries.values()) {
        entry.cancelDelayed();
        entry.queued = false;
      }
    }
    scheduler.close();
    workers.shutdown();
    if (workers.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
      return true;
    }
    LOG.warn("Reconciles still running after {}, interrupting them", DurationText.format(grace));
    workers.shutdownNow();
    return false;
  }

  private void run(K key, QueueEntry entry) {
    String trigger = begin(key, entry);
    if (trigger == null) {
      return;
    }
    MDC.put(ReconcileLog.ENVIRONMENT, String.valueOf(key));
    MDC.put(ReconcileLog.TRIGGER, trigger);
    try {
      reconcile(key, entry, trigger);
    } finally {
      MDC.remove(ReconcileLog.ENVIRONMENT);
      MDC.remove(ReconcileLog.TRIGGER);
      release(key);
    }
  }

  private void reconcile(K key, QueueEntry entry, String trigger) {
    long start = scheduler.nanoTime();
    Result result = Result.failed("reconcile ended with an error");
    Exception error = null;
    try {
      listener.started(key, trigger);
      result = Objects.requireNonNull(reconciler.reconcile(key, trigger), "reconcile result");
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      error = e;
      result = Result.failed(e.toString());
    } finally {
      Duration took = Duration.ofNanos(scheduler.nanoTime() - start);
      Duration retryIn = settle(key, entry, result);
      ReconcileLog.ended(key, took, result, retryIn, error);
      listener.finished(key, trigger, took, result);
    }
  }

  /** Marks the key running and takes its triggers; null when the queued run is stale. */
  private synchronized String begin(K key, QueueEntry entry) {
    if (stopped || entries.get(key) != entry || !entry.queued) {
      return null;
    }
    entry.queued = false;
    running.add(key);
    String trigger = String.join(",", entry.triggers);
    entry.triggers.clear();
    return trigger;
  }

  /** Applies the result unless the key was removed meanwhile; returns the retry delay, if any. */
  private synchronized Duration settle(K key, QueueEntry entry, Result result) {
    return stopped || entries.get(key) != entry ? null : apply(key, entry, result);
  }

  /** Ends the key's run after its listener call, so a rerun never overlaps it. */
  private synchronized void release(K key) {
    running.remove(key);
    QueueEntry current = entries.get(key);
    if (!stopped && current != null) {
      submitIfReady(key, current);
    }
    notifyAll();
  }

  private Duration apply(K key, QueueEntry entry, Result result) {
    if (result instanceof Result.Failed) {
      entry.failures++;
    } else {
      entry.failures = 0;
    }
    // Triggers that arrived during the run mean it runs again now, which overrides any delay.
    if (!entry.triggers.isEmpty()) {
      return null;
    }
    if (result instanceof Result.RequeueAfter requeue) {
      addDelayed(key, entry, REQUEUE, requeue.delay());
    } else if (result instanceof Result.Failed) {
      Duration delay = backoff.delay(entry.failures);
      addDelayed(key, entry, RETRY, delay);
      return delay;
    }
    return null;
  }

  private void submitIfReady(K key, QueueEntry entry) {
    if (!entry.queued && !entry.triggers.isEmpty() && !running.contains(key)) {
      entry.queued = true;
      workers.execute(() -> run(key, entry));
    }
  }

  private void addDelayed(K key, QueueEntry entry, String trigger, Duration delay) {
    entry.addDelayed(trigger, delay, scheduler, due -> fire(key, entry, due));
  }

  private synchronized void fire(K key, QueueEntry entry, QueueEntry.Delayed due) {
    if (!stopped && entries.get(key) == entry && entry.takeDue(due)) {
      submitIfReady(key, entry);
    }
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> new Thread(task, "capstan-reconcile-" + count.incrementAndGet());
  }
}
