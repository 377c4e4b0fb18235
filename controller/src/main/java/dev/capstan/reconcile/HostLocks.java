package dev.capstan.reconcile;

import dev.capstan.host.HostException;
import dev.capstan.model.SharedSpec;
import dev.capstan.release.HostLock;
import dev.capstan.release.LockInfo;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.ReleaseLayout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host locks of one pass: takes them (waiting for another holder up to the configured time,
 * taking over at once a lock whose holder was a process of this machine that is gone), renews them
 * while the pass works, and gives them all back when it ends.
 *
 * <p>The heartbeat renews a host's lease once a quarter of it has passed since it was taken or last
 * renewed (5 s of the default 20 s; a pass that holds a host for less costs no renewal), each host
 * in a renewal of its own (one remote command), so a slow host delays no other; a host whose last
 * renewal has not returned is skipped until it does, and one that failed is tried again at the next
 * beat.
 */
final class HostLocks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HostLocks.class);

  private final Rollout.Settings settings;
  private final ReleaseLayout layout;
  private final SharedSpec shared;
  private final ProgressListener progress;
  private final List<HostRun> held = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService heartbeat;
  private final ExecutorService renewals;
  private final Set<HostRun> renewing = ConcurrentHashMap.newKeySet();

  /** When each held host's lease was last taken or renewed, in {@link System#nanoTime}. */
  private final Map<HostRun, Long> refreshed = new ConcurrentHashMap<>();

  private final long renewAfterNanos;

  HostLocks(
      Rollout.Settings settings,
      ReleaseLayout layout,
      SharedSpec shared,
      ProgressListener progress) {
    this.settings = settings;
    this.layout = layout;
    this.shared = shared;
    this.progress = progress;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "capstan-lock-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    this.renewals =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "capstan-lock-renewal");
              thread.setDaemon(true);
              return thread;
            });
    this.renewAfterNanos = settings.lease().toNanos() / 4;
    long period = Math.max(100, settings.lease().toMillis() / 10);
    // Renewals log with the context of the reconcile that took the locks.
    heartbeat.scheduleAtFixedRate(
        ReconcileLog.carrying(null, this::renewAll), period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the host's lock, waiting while another deployer holds it. On success the host is observed
   * again under the lock (in the same round trip) and true is returned; otherwise the host is
   * marked Failed with the holder's name.
   */
  boolean acquire(HostRun host) throws HostException, InterruptedException {
    HostLock lock = lockFor(host);
    long deadline = settings.clock().millis() + settings.lockWait().toMillis();
    HostLock.Attempt attempt = lock.tryAcquire(shared);
    while (!attempt.acquired() && settings.clock().millis() < deadline) {
      // No holder seen: the lock was given back between taking and looking; try again at once.
      if (attempt.observed().lock() != null) {
        progress.progress(host.name(), "waiting for the lock held by " + holderOf(attempt));
        TimeUnit.SECONDS.sleep(1);
      }
      attempt = lock.tryAcquire(shared);
    }
    if (!attempt.acquired()) {
      host.fail(Reason.LockBusy, "locked by " + holderOf(attempt));
      return false;
    }
    if (attempt.tookOverFrom() != null) {
      progress.progress(
          host.name(),
          "took over the lock left by " + attempt.tookOverFrom() + " (its process is gone)");
    }
    host.locked(lock, attempt.observed());
    refreshed.put(host, System.nanoTime());
    held.add(host);
    return true;
  }

  private static String holderOf(HostLock.Attempt attempt) {
    LockInfo lock = attempt.observed().lock();
    return lock == null ? "another deployer" : lock.holder();
  }

  /** A lock for the host, to take in the same command as a phase (see HostLock#guardScript). */
  HostLock lockFor(HostRun host) {
    return new HostLock(host.connection(), layout, settings.lockHolder(), settings.lease());
  }

  /** A lock taken by a phase's command: renewed and given back like one {@link #acquire} took. */
  void adopt(HostRun host, HostLock lock) {
    host.adopted(lock);
    refreshed.put(host, System.nanoTime()); // the phase's command takes it in a moment
    held.add(host);
  }

  /** The host's lock was given back by a phase's last command: nothing left to release. */
  void released(HostRun host) {
    held.remove(host);
    refreshed.remove(host);
    host.unlocked();
  }

  private void renewAll() {
    try {
      for (HostRun host : held) {
        Long since = refreshed.get(host);
        boolean due = since == null || System.nanoTime() - since >= renewAfterNanos;
        if (due && renewing.add(host)) {
          renewals.execute(ReconcileLog.carrying(host.name(), () -> renew(host)));
        }
      }
    } catch (RuntimeException e) { // closing; a throw would also end the heartbeat for good
      LOG.debug("lock renewals not started: {}", e.toString());
    }
  }

  private void renew(HostRun host) {
    try {
      HostLock lock = host.lock();
      long asked = System.nanoTime();
      if (lock == null) {
        return;
      }
      if (lock.renew()) {
        refreshed.computeIfPresent(host, (h, before) -> Math.max(before, asked));
      } else if (held.contains(host)) {
        LOG.warn("{}: could not renew the lock: another deployer holds it now", host.name());
      }
    } catch (HostException e) {
      progress.progress(host.name(), "could not renew the lock: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{}: could not renew the lock", host.name(), e);
    } finally {
      renewing.remove(host);
    }
  }

  /** Gives every lock back; a lock that cannot be released expires with its lease. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    renewals.shutdownNow();
    for (HostRun host : held) {
      try {
        host.lock().release();
      } catch (HostException e) {
        progress.progress(
            host.name(), "could not release the lock (it expires): " + e.getMessage());
      }
    }
    held.clear();
    refreshed.clear();
  }
}
