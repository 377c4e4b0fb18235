package dev.capstan.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs one task per host at once and waits for all; a task's failure stays with its host. */
final class ParallelHosts {

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

  void each(List<HostRun> hosts, HostTask task, FailureHandler onFailure) {
    List<Future<?>> futures = new ArrayList<>();
    for (HostRun host : hosts) {
      futures.add(
          executor.submit(
              () -> {
                try {
                  task.run(host);
                } catch (Exception e) {
                  onFailure.failed(host, e);
                }
                return null;
              }));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        throw new IllegalStateException("host task escaped its failure handler", e.getCause());
      }
    }
  }
}
