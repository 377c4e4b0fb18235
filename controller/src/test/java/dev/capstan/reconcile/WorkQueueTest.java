package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.reconcile.WorkQueue.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class WorkQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Backoff EXACT =
      Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5));

  private final ManualScheduler clock = new ManualScheduler();
  private final FakeReconciler reconciler = new FakeReconciler();
  private final CountDownLatch gate = new CountDownLatch(1);
  private WorkQueue<String> queue;

  @AfterEach
  void shutDown() throws InterruptedException {
    gate.countDown();
    if (queue != null) {
      queue.shutdown(WAIT);
    }
  }

  @Test
  void runsOneReconcilePerKeyAtATime() throws Exception {
    start(2);
    reconciler.on("prod", (key, trigger) -> trigger.equals("a") ? waitFor(gate) : Result.done());

    queue.enqueue("prod", "a");
    reconciler.awaitStarted("prod", 1);
    queue.enqueue("prod", "b");
    queue.enqueue("staging", "c");
    reconciler.awaitFinished("staging", 1);
    assertEquals(List.of("a"), reconciler.triggers("prod"));
    gate.countDown();
    awaitIdle();

    assertEquals(List.of("a", "b"), reconciler.triggers("prod"));
    assertEquals(1, reconciler.maxInFlightOfOneKey());
  }

  @Test
  void foldsDuplicateTriggersWhileWaiting() throws Exception {
    start(1);
    reconciler.on("blocker", (key, trigger) -> waitFor(gate));

    queue.enqueue("blocker", "file-change");
    reconciler.awaitStarted("blocker", 1);
    queue.enqueue("prod", "file-change");
    queue.enqueue("prod", "drift");
    queue.enqueue("prod", "file-change");
    gate.countDown();
    awaitIdle();

    assertEquals(List.of("file-change,drift"), reconciler.triggers("prod"));
  }

  @Test
  void keyEnqueuedDuringItsRunRunsOnceMoreAfterwards() throws Exception {
    start(2);
    reconciler.on("prod", (key, trigger) -> trigger.equals("first") ? waitFor(gate) : done());

    queue.enqueue("prod", "first");
    reconciler.awaitStarted("prod", 1);
    queue.enqueue("prod", "file-change");
    queue.enqueue("prod", "drift");
    gate.countDown();
    awaitIdle();

    assertEquals(List.of("first", "file-change,drift"), reconciler.triggers("prod"));
    assertEquals(1, reconciler.maxInFlightOfOneKey());
  }

  @Test
  void failedKeyBacksOffExponentiallyUpToTheCap() throws Exception {
    start(1);
    reconciler.on("prod", (key, trigger) -> Result.failed("host down"));

    queue.enqueue("prod", "file-change");
    awaitIdle();
    for (int retry = 0; retry < 10; retry++) {
      clock.advance(clock.pending().get(0));
      awaitIdle();
    }

    assertEquals(seconds(1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300), clock.requested());
    assertEquals("retry", reconciler.triggers("prod").get(10));
  }

  @Test
  void successResetsBackoff() throws Exception {
    start(1);
    List<Result> script = new ArrayList<>(List.of(failed(), failed(), done(), failed()));
    reconciler.on("prod", (key, trigger) -> script.remove(0));

    queue.enqueue("prod", "file-change");
    awaitIdle();
    clock.advance(Duration.ofSeconds(1));
    awaitIdle();
    clock.advance(Duration.ofSeconds(2));
    awaitIdle();
    assertEquals(List.of(), clock.pending());
    queue.enqueue("prod", "file-change");
    awaitIdle();

    assertEquals(seconds(1, 2, 1), clock.requested());
  }

  @Test
  void forgetResetsBackoffSoASpecChangeRetriesAtOnce() throws Exception {
    start(1);
    reconciler.on("prod", (key, trigger) -> failed());
    queue.enqueue("prod", "file-change");
    awaitIdle();
    clock.advance(Duration.ofSeconds(1));
    awaitIdle();
    clock.advance(Duration.ofSeconds(2));
    awaitIdle();
    assertEquals(seconds(4), clock.pending());

    queue.forget("prod");
    queue.enqueue("prod", "spec-change");
    awaitIdle();

    assertEquals(
        List.of("file-change", "retry", "retry", "spec-change"), reconciler.triggers("prod"));
    assertEquals(seconds(1), clock.pending());
  }

  @Test
  void oneFailingKeyDoesNotDelayOthers() throws Exception {
    start(2);
    reconciler.on("broken", (key, trigger) -> failed());
    reconciler.on("slow", (key, trigger) -> waitFor(gate));

    queue.enqueue("broken", "file-change");
    awaitIdle();
    queue.enqueue("slow", "file-change");
    reconciler.awaitStarted("slow", 1);
    queue.enqueue("prod", "file-change");
    reconciler.awaitFinished("prod", 1);
    clock.advance(Duration.ofSeconds(1));
    reconciler.awaitFinished("broken", 2);
    gate.countDown();
    awaitIdle();

    assertEquals(List.of("file-change"), reconciler.triggers("prod"));
    assertEquals(seconds(1, 2), clock.requested());
  }

  @Test
  void exceptionDoesNotKillTheWorker() throws Exception {
    start(1);
    reconciler.on(
        "bad",
        (key, trigger) -> {
          throw new IllegalStateException("boom");
        });

    queue.enqueue("bad", "file-change");
    queue.enqueue("good", "file-change");
    awaitIdle();
    clock.advance(Duration.ofSeconds(1));
    awaitIdle();

    assertEquals(
        List.of(
            "bad:file-change:Failed[reason=java.lang.IllegalStateException: boom]",
            "good:file-change:Done[]",
            "bad:retry:Failed[reason=java.lang.IllegalStateException: boom]"),
        reconciler.finished());
    assertEquals(seconds(2), clock.pending());
  }

  @Test
  void removeCancelsPendingWork() throws Exception {
    start(1);
    reconciler.on("blocker", (key, trigger) -> waitFor(gate));

    queue.enqueueAfter("prod", "drift", Duration.ofSeconds(30));
    queue.remove("prod");
    assertEquals(List.of(), clock.pending());
    queue.enqueue("blocker", "file-change");
    reconciler.awaitStarted("blocker", 1);
    queue.enqueue("staging", "file-change");
    queue.remove("staging");
    gate.countDown();
    clock.advance(Duration.ofMinutes(1));
    awaitIdle();

    assertEquals(List.of("blocker:file-change:Done[]"), reconciler.finished());
  }

  @Test
  void removeDuringARunLetsItFinishWithoutRequeue() throws Exception {
    start(1);
    reconciler.on(
        "prod",
        (key, trigger) -> {
          waitFor(gate);
          return failed();
        });

    queue.enqueue("prod", "file-change");
    reconciler.awaitStarted("prod", 1);
    queue.enqueue("prod", "drift");
    queue.remove("prod");
    gate.countDown();
    awaitIdle();

    assertEquals(List.of("prod:file-change:Failed[reason=host down]"), reconciler.finished());
    assertEquals(List.of(), clock.requested());
  }

  @Test
  void keyAddedBackDuringItsRunRunsAfterIt() throws Exception {
    start(2);
    reconciler.on("prod", (key, trigger) -> trigger.equals("first") ? waitFor(gate) : done());

    queue.enqueue("prod", "first");
    reconciler.awaitStarted("prod", 1);
    queue.remove("prod");
    queue.enqueue("prod", "created");
    gate.countDown();
    awaitIdle();

    assertEquals(List.of("first", "created"), reconciler.triggers("prod"));
    assertEquals(1, reconciler.maxInFlightOfOneKey());
  }

  @Test
  void immediateEnqueueOverridesPendingDelayedAdd() throws Exception {
    start(1);

    queue.enqueueAfter("prod", "drift", Duration.ofMinutes(10));
    queue.enqueue("prod", "file-change");
    awaitIdle();

    assertEquals(List.of("file-change"), reconciler.triggers("prod"));
    assertEquals(List.of(), clock.pending());
  }

  @Test
  void earlierDelayedAddWinsAndCarriesBothTriggers() throws Exception {
    start(1);

    queue.enqueueAfter("prod", "drift", Duration.ofMinutes(10));
    queue.enqueueAfter("prod", "retry-soon", Duration.ofMinutes(1));
    queue.enqueueAfter("prod", "later", Duration.ofMinutes(5));
    assertEquals(List.of(Duration.ofMinutes(1)), clock.pending());
    clock.advance(Duration.ofMinutes(1));
    awaitIdle();

    assertEquals(List.of("drift,retry-soon,later"), reconciler.triggers("prod"));
    assertEquals(List.of(), clock.pending());
  }

  @Test
  void requeueAfterLooksAgainLater() throws Exception {
    start(1);
    reconciler.on("prod", (key, trigger) -> Result.requeueAfter(Duration.ofMinutes(10)));

    queue.enqueue("prod", "file-change");
    awaitIdle();
    clock.advance(Duration.ofMinutes(10));
    awaitIdle();

    assertEquals(List.of("file-change", "requeue"), reconciler.triggers("prod"));
    assertEquals(List.of(Duration.ofMinutes(10)), clock.pending());
  }

  @Test
  void putsKeyAndTriggerIntoTheLoggingContext() throws Exception {
    start(1);
    Map<String, String> seen = new ConcurrentHashMap<>();
    reconciler.on(
        "prod",
        (key, trigger) -> {
          seen.putAll(MDC.getCopyOfContextMap());
          return done();
        });

    queue.enqueue("prod", "file-change");
    awaitIdle();

    assertEquals(Map.of("environment", "prod", "trigger", "file-change"), seen);
  }

  @Test
  void shutdownWaitsForInFlightWork() throws Exception {
    start(1);
    reconciler.on("prod", (key, trigger) -> waitFor(gate));
    queue.enqueue("prod", "file-change");
    reconciler.awaitStarted("prod", 1);
    queue.enqueue("staging", "file-change");

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(this::shutdownQueue);
    assertTrue(clock.closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertFalse(stopped.isDone());
    queue.enqueue("late", "file-change");
    gate.countDown();

    assertTrue(stopped.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(List.of("prod:file-change:Done[]"), reconciler.finished());
  }

  @Test
  void shutdownInterruptsWorkThatOutlastsTheGrace() throws Exception {
    start(1);
    reconciler.on("prod", (key, trigger) -> waitFor(new CountDownLatch(1)));
    queue.enqueue("prod", "file-change");
    reconciler.awaitStarted("prod", 1);

    assertFalse(queue.shutdown(Duration.ofMillis(50)));

    reconciler.awaitFinished("prod", 1);
    assertEquals(
        List.of("prod:file-change:Failed[reason=java.lang.InterruptedException]"),
        reconciler.finished());
  }

  @Test
  void boundsConcurrentReconciles() throws Exception {
    start(2);
    Semaphore permits = new Semaphore(0);
    List<String> keys = List.of("k1", "k2", "k3", "k4", "k5", "k6");
    for (String key : keys) {
      reconciler.on(key, (k, trigger) -> acquire(permits));
      queue.enqueue(key, "file-change");
    }

    reconciler.awaitStartedInTotal(2);
    permits.release(keys.size());
    awaitIdle();

    assertEquals(2, reconciler.maxInFlight());
    assertEquals(keys.size(), reconciler.finished().size());
  }

  private void start(int workers) {
    queue = new WorkQueue<>(reconciler, workers, EXACT, clock, reconciler);
  }

  private void awaitIdle() throws InterruptedException {
    assertTrue(queue.awaitIdle(WAIT), "queue did not become idle");
  }

  private boolean shutdownQueue() {
    try {
      return queue.shutdown(WAIT);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result done() {
    return Result.done();
  }

  private static Result failed() {
    return Result.failed("host down");
  }

  /** Blocks the reconcile until the latch opens, as a slow deploy would; interrupts propagate. */
  private static Result waitFor(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("test gate never opened");
    }
    return done();
  }

  private static Result acquire(Semaphore permits) throws InterruptedException {
    if (!permits.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("no permit");
    }
    return done();
  }

  private static List<Duration> seconds(long... values) {
    return Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
  }

  /** Fake time: delayed tasks run on the test thread when it advances the clock past them. */
  static final class ManualScheduler implements QueueScheduler {
    private record Task(long due, Duration delay, Runnable action) {}

    final CountDownLatch closed = new CountDownLatch(1);
    private final List<Task> tasks = new ArrayList<>();
    private final List<Duration> requested = new ArrayList<>();
    private long now;

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized Runnable schedule(Duration delay, Runnable action) {
      Task task = new Task(now + delay.toNanos(), delay, action);
      tasks.add(task);
      requested.add(delay);
      return () -> {
        synchronized (this) {
          tasks.remove(task);
        }
      };
    }

    @Override
    public void close() {
      closed.countDown();
    }

    /** Moves time on and runs what fell due, outside this lock, as a timer thread would. */
    void advance(Duration step) {
      List<Task> due;
      synchronized (this) {
        now += step.toNanos();
        due = tasks.stream().filter(t -> t.due <= now).sorted(byDue()).toList();
        tasks.removeAll(due);
      }
      due.forEach(task -> task.action.run());
    }

    /** The pending tasks' remaining delays, soonest first. */
    synchronized List<Duration> pending() {
      return tasks.stream().sorted(byDue()).map(t -> Duration.ofNanos(t.due - now)).toList();
    }

    /** Every delay the queue asked for, in order. */
    synchronized List<Duration> requested() {
      return List.copyOf(requested);
    }

    private static Comparator<Task> byDue() {
      return Comparator.comparingLong(Task::due);
    }
  }

  /** Records reconciles and their outcomes; each key does what the test scripts, else done. */
  static final class FakeReconciler
      implements WorkQueue.Reconciler<String>, WorkQueue.Listener<String> {
    private final Map<String, WorkQueue.Reconciler<String>> behaviour = new ConcurrentHashMap<>();
    private final List<String[]> started = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private int maxInFlightOfOneKey;
    private int maxInFlight;

    void on(String key, WorkQueue.Reconciler<String> reconcile) {
      behaviour.put(key, reconcile);
    }

    @Override
    public Result reconcile(String key, String trigger) throws Exception {
      begin(key, trigger);
      try {
        return behaviour.getOrDefault(key, (k, t) -> done()).reconcile(key, trigger);
      } finally {
        end(key);
      }
    }

    @Override
    public synchronized void finished(String key, String trigger, Duration took, Result result) {
      finished.add(key + ":" + trigger + ":" + result);
      notifyAll();
    }

    private synchronized void begin(String key, String trigger) {
      started.add(new String[] {key, trigger});
      int now = inFlight.merge(key, 1, Integer::sum);
      maxInFlightOfOneKey = Math.max(maxInFlightOfOneKey, now);
      int total = inFlight.values().stream().mapToInt(Integer::intValue).sum();
      maxInFlight = Math.max(maxInFlight, total);
      notifyAll();
    }

    private synchronized void end(String key) {
      inFlight.merge(key, -1, Integer::sum);
    }

    synchronized List<String> triggers(String key) {
      return started.stream().filter(s -> s[0].equals(key)).map(s -> s[1]).toList();
    }

    synchronized List<String> finished() {
      return List.copyOf(finished);
    }

    synchronized int maxInFlightOfOneKey() {
      return maxInFlightOfOneKey;
    }

    synchronized int maxInFlight() {
      return maxInFlight;
    }

    void awaitStarted(String key, int count) throws InterruptedException {
      awaitCount(() -> triggers(key).size(), count, key + " started " + count + " times");
    }

    void awaitStartedInTotal(int count) throws InterruptedException {
      awaitCount(started::size, count, count + " reconciles started");
    }

    void awaitFinished(String key, int count) throws InterruptedException {
      String prefix = key + ":";
      awaitCount(
          () -> (int) finished.stream().filter(f -> f.startsWith(prefix)).count(),
          count,
          key + " finished " + count + " times");
    }

    private synchronized void awaitCount(IntSupplier actual, int count, String what)
        throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (actual.getAsInt() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out waiting for " + what);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
