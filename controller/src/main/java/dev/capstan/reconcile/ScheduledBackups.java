package dev.capstan.reconcile;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.capstan.backup.BackupResult;
import dev.capstan.model.BackupSpec;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.release.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups {@code backup.schedule} asks for under {@code capstan run}: each Environment's is
 * taken (and verified) at every minute its cron expression names, in UTC, one at a time; a minute
 * that passed before the controller started, or while it was down, is not made up for.
 */
final class ScheduledBackups implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);
  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  static final Duration TICK = Duration.ofSeconds(5);

  private final Supplier<DesiredState> desired;
  private final Rollout rollout;
  private final BiConsumer<String, BackupResult> taken;
  private final Clock clock;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(daemon("capstan-backups"));
  private final Thread ticker;

  /** Per Environment and schedule, the last time it fired (or the controller started). */
  private final Map<String, ZonedDateTime> handled = new ConcurrentHashMap<>();

  private volatile boolean closed;

  ScheduledBackups(
      Supplier<DesiredState> desired,
      Rollout rollout,
      BiConsumer<String, BackupResult> taken,
      Clock clock) {
    this.desired = desired;
    this.rollout = rollout;
    this.taken = taken;
    this.clock = clock;
    this.ticker = daemon("capstan-backup-schedule").newThread(this::tick);
  }

  void start() {
    ticker.start();
  }

  private void tick() {
    try {
      while (!closed) {
        check(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
        Thread.sleep(TICK.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the backups whose minute came since the last look. */
  void check(ZonedDateTime now) {
    DesiredState state = desired.get();
    if (state == null) {
      return;
    }
    for (Environment environment : state.sortedEnvironments().values()) {
      BackupSpec backup = state.applicationOf(environment).spec().backup();
      if (backup == null || backup.schedule() == null) {
        continue;
      }
      Optional<ZonedDateTime> last =
          ExecutionTime.forCron(CRON.parse(backup.schedule())).lastExecution(now);
      if (last.isEmpty()) {
        continue;
      }
      String key = environment.name() + " " + backup.schedule();
      ZonedDateTime before = handled.putIfAbsent(key, last.get());
      if (before != null && last.get().isAfter(before)) {
        handled.put(key, last.get());
        runner.execute(() -> backUp(environment.name()));
      }
    }
  }

  private void backUp(String name) {
    DesiredState state = desired.get();
    Environment environment = state == null ? null : state.environments().get(name);
    if (environment == null || closed) {
      return;
    }
    try {
      BackupResult result =
          rollout.backups().backUp(state, environment, ProgressListener.NONE).result();
      if (result.failure() != null) {
        LOG.warn("{}: scheduled backup failed: {}", name, result.failure());
      } else if (!result.nothingYet()) {
        LOG.info(
            "{}: scheduled backup {} {}",
            name,
            result.backup().name(),
            result.backup().verificationText());
      }
      taken.accept(name, result);
    } catch (Exception e) {
      LOG.warn("{}: scheduled backup failed: {}", name, e.getMessage());
      taken.accept(name, new BackupResult(null, e.getMessage()));
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    closed = true;
    ticker.interrupt();
    runner.shutdownNow();
  }
}
