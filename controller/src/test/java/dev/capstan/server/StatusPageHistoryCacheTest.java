package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.reconcile.EnvironmentHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusPageHistoryCacheTest {

  private final MovableClock clock = new MovableClock();
  private final AtomicInteger reads = new AtomicInteger();

  @Test
  void readsAtMostOncePerIntervalAndKeepsTheLastOnAFailure() {
    StatusPageHistoryCache cache =
        new StatusPageHistoryCache(
            () -> {
              int n = reads.incrementAndGet();
              if (n == 3) {
                throw new IllegalStateException("host away");
              }
              return List.of(report("read " + n));
            },
            Duration.ofSeconds(30),
            clock,
            Runnable::run);

    assertEquals("read 1", cache.histories().get(0).subjectsError());
    clock.now = clock.now.plusSeconds(29);
    assertEquals("read 1", cache.histories().get(0).subjectsError(), "within the interval");
    clock.now = clock.now.plusSeconds(1);
    assertEquals("read 2", cache.histories().get(0).subjectsError());
    clock.now = clock.now.plusSeconds(30);
    assertEquals(
        "read 2", cache.histories().get(0).subjectsError(), "a failed read keeps the last");
    assertEquals(3, reads.get());
  }

  @Test
  void aPageViewNeverWaitsForASlowRead() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      StatusPageHistoryCache cache =
          new StatusPageHistoryCache(
              () -> {
                reads.incrementAndGet();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                done.countDown();
                return List.of(report("slow"));
              },
              Duration.ZERO,
              clock,
              executor);

      assertEquals(List.of(), cache.histories(), "nothing read yet, answered at once");
      assertEquals(List.of(), cache.histories(), "one read under way is enough");
      release.countDown();
      assertTrue(done.await(30, TimeUnit.SECONDS));
      executor.shutdown();
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
      assertEquals(
          "slow", cache.histories().get(0).subjectsError(), "an executor that refuses: the last");
      assertEquals(1, reads.get());
    } finally {
      executor.shutdownNow();
    }
  }

  private static EnvironmentHistory.Report report(String marker) {
    return new EnvironmentHistory.Report("shop", List.of(), marker);
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
