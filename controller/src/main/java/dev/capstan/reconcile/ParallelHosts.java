package dev.capstan.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task per host at once and waits for all; a task's failure stays with its host. Each task
 * logs with the caller's logging context and its host (see {@link ReconcileLog}).
 */
final class ParallelHosts {

  /** How long cancelled tasks get to unwind (their remote commands are being killed). */
  private static final long UNWIND_SECONDS = 30;

  /** A step on one host that records its own outcome in the {@link HostRun}. */
  @FunctionalInterface
  interface HostTask {
    void run(HostRun host) throws Exception;
  }

  /** Turns an unexpected exception into the host's failure state. */
  @FunctionalInterface
  interface FailureHandler {
    void failed(HostRun host, Exception error);
  }

  private final ExecutorService executor;

  ParallelHosts(ExecutorService executor) {
    this.executor = executor;
  }

  /**
   * Runs {@code task} on every host and waits for all of them.
   *
   * @throws CancellationException when the waiting thread is interrupted: the tasks are interrupted
   *     too and have ended when this is thrown, so no step outlives the pass
   */
  void each(List<HostRun> hosts, HostTask task, FailureHandler onFailure) {
    CountDownLatch ended = new CountDownLatch(hosts.size());
    List<Future<?>> futures = new ArrayList<>();
    for (HostRun host : hosts) {
      // Logged from the host's thread with the reconcile's context and the host's name.
      futures.add(
          executor.submit(
              ReconcileLog.carrying(
                  host.name(),
                  () -> {
                    try {
                      task.run(host);
                    } catch (Exception e) {
                      onFailure.failed(host, e);
                    } finally {
                      ended.countDown();
                    }
                  })));
    }
    try {
      ended.await();
    } catch (InterruptedException e) {
      futures.forEach(future -> future.cancel(true));
      awaitUnwinding(ended);
      Thread.currentThread().interrupt();
      throw new CancellationException("rollout cancelled");
    }
  }

  private static void awaitUnwinding(CountDownLatch ended) {
    try {
      ended.await(UNWIND_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException again) {
      Thread.currentThread().interrupt();
    }
  }
}
