package dev.capstan.server;

import dev.capstan.reconcile.EnvironmentHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release histories for the status page, read from the hosts at most once per {@code every} and in
 * the background: a page view answers at once with what was last read (nothing before the first
 * read finishes), and only starts a new read when the last one is old and none is under way. So an
 * open page refreshing every 5 seconds, or ten of them, costs one round trip per host per interval.
 */
public final class StatusPageHistoryCache implements StatusPageHistories {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPageHistoryCache.class);

  private final Supplier<List<EnvironmentHistory.Report>> reader;
  private final Duration every;
  private final Clock clock;
  private final Executor executor;
  private volatile List<EnvironmentHistory.Report> latest = List.of();
  private Instant lastStarted;
  private boolean reading;

  /**
   * @param reader reads every Environment's history from its hosts (slow: SSH)
   * @param executor where reads run; never the HTTP threads
   */
  public StatusPageHistoryCache(
      Supplier<List<EnvironmentHistory.Report>> reader,
      Duration every,
      Clock clock,
      Executor executor) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.every = Objects.requireNonNull(every, "every");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public List<EnvironmentHistory.Report> histories() {
    if (startRead()) {
      try {
        executor.execute(this::read);
      } catch (RejectedExecutionException e) {
        // Shutting down: no read now, and none left marked as under way.
        finished();
      }
    }
    return latest;
  }

  private synchronized boolean startRead() {
    Instant now = clock.instant();
    if (reading || (lastStarted != null && now.isBefore(lastStarted.plus(every)))) {
      return false;
    }
    reading = true;
    lastStarted = now;
    return true;
  }

  private void read() {
    try {
      latest = List.copyOf(reader.get());
    } catch (RuntimeException e) {
      // The page keeps the last histories it had; the next interval tries again.
      LOG.warn("reading release histories for the status page failed: {}", e.toString());
    } finally {
      finished();
    }
  }

  private synchronized void finished() {
    reading = false;
  }
}
