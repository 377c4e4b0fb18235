package dev.capstan.kube;

import dev.capstan.kube.DesiredStateAssembler.Assembly;
import dev.capstan.kube.ShardLeases.Observed;
import dev.capstan.kube.ShardPlanner.LeaseState;
import dev.capstan.kube.ShardPlanner.Plan;
import dev.capstan.reconcile.Controller;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several replicas share the Environments: every retry period this replica renews its heartbeat
 * Lease, reads who is alive and the shard Leases, asks {@link ShardPlanner} what to hold, and runs
 * one {@link LeaderWork} per shard it holds, fed with that shard's {@link HostGroups#slice}.
 *
 * <p>A shard it should give up is stopped first and released only once its reconciles in flight
 * have finished; until then its Lease is renewed, so the next holder never overlaps with it on a
 * host. A shard whose Lease it could not renew for the renew deadline, or that names another
 * holder, is stopped at once (the same fence as {@link Leadership}).
 */
final class Sharding implements ReplicaWork {

  private static final Logger LOG = LoggerFactory.getLogger(Sharding.class);

  private static final class Held {
    final LeaderWork work;
    volatile Instant renewed;
    volatile boolean stopping;

    Held(LeaderWork work, Instant renewed) {
      this.work = work;
      this.renewed = renewed;
    }
  }

  private final ShardLeases leases;
  private final String identity;
  private final int shards;
  private final Leadership.Timings timings;
  private final IntFunction<LeaderWork> works;
  private final Map<Integer, Held> held = new TreeMap<>();
  private final PushRelay relay = new PushRelay();

  /** Shards lost whose work is still stopping: not taken again until it has stopped. */
  private final Set<Integer> draining = new HashSet<>();

  private Assembly assembly;
  private volatile Instant heartbeat = Instant.MIN;
  private volatile Map<Integer, String> assignees = Map.of();
  private volatile boolean closed;
  private final ScheduledExecutorService loop = daemons("capstan-shards", 2);
  private final ExecutorService stopper =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "capstan-shard-stop");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param works makes the (not yet started) work of a shard
   */
  Sharding(
      ShardLeases leases,
      String identity,
      int shards,
      Leadership.Timings timings,
      IntFunction<LeaderWork> works) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, not " + shards);
    }
    this.leases = leases;
    this.identity = identity;
    this.shards = shards;
    this.timings = timings;
    this.works = works;
  }

  @Override
  public void start() {
    long period = timings.retryPeriod().toMillis();
    loop.scheduleWithFixedDelay(this::step, 0, period, TimeUnit.MILLISECONDS);
    loop.scheduleWithFixedDelay(this::enforceDeadline, period, period, TimeUnit.MILLISECONDS);
  }

  /** The newest desired state: each held shard gets its slice. */
  @Override
  public synchronized void assembled(Assembly next) {
    assembly = next;
    held.forEach(
        (shard, h) -> {
          if (!h.stopping) {
            h.work.assembled(HostGroups.slice(next, shard, shards));
          }
        });
  }

  /** The shards this replica reconciles now. */
  @Override
  public synchronized SortedSet<Integer> shards() {
    SortedSet<Integer> owned = new TreeSet<>();
    held.forEach(
        (shard, h) -> {
          if (!h.stopping) {
            owned.add(shard);
          }
        });
    return owned;
  }

  /** The Controllers of the shards held, lowest shard first. */
  @Override
  public synchronized List<Controller> controllers() {
    List<Controller> running = new java.util.ArrayList<>();
    for (Held h : held.values()) {
      Controller controller = h.stopping ? null : h.work.controller();
      if (controller != null) {
        running.add(controller);
      }
    }
    return running;
  }

  /**
   * A push this replica received: its own shards fetch at once, the other replicas' after they read
   * it from its heartbeat Lease ({@link PushRelay}).
   *
   * @param urls the repository's URLs; empty for "every repository"
   */
  @Override
  public void pushed(List<String> urls) {
    controllers().forEach(c -> c.pushed(urls));
    relay.received(urls);
  }

  /**
   * Whether this replica's heartbeat was renewed within the renew deadline: one that holds no shard
   * is still a ready member, it stands in.
   */
  @Override
  public boolean ready() {
    return Duration.between(heartbeat, Instant.now()).compareTo(timings.renewDeadline()) <= 0;
  }

  @Override
  public String notReadyWhy() {
    return "the heartbeat Lease of "
        + identity
        + " was not renewed within "
        + timings.renewDeadline();
  }

  @Override
  public String describe() {
    return shards + " shards under Leases " + leases.shardLeases() + " as " + identity;
  }

  /** Each shard's assignee as last planned. */
  Map<Integer, String> assignees() {
    return assignees;
  }

  private void step() {
    if (closed) {
      return;
    }
    try {
      Instant now = Instant.now();
      List<Lease> members = leases.memberLeases();
      for (List<String> push : relay.news(members, leases.memberLease())) {
        controllers().forEach(c -> c.pushed(push));
      }
      leases.heartbeat(members, now, relay.annotation());
      heartbeat = now;
      List<String> live = ShardLeases.members(members, now);
      Map<Integer, Observed> observed = leases.shards(shards);
      Map<Integer, LeaseState> states = new HashMap<>();
      observed.forEach((shard, o) -> states.put(shard, o.state()));
      Plan plan = ShardPlanner.plan(identity, live, shards, states, now);
      assignees = plan.assignees();
      for (int shard : plan.release()) {
        beginStop(shard);
      }
      for (int shard : heldShards()) {
        Observed o = observed.get(shard);
        String holder = o == null ? null : o.state().holderAt(now);
        if (holder != null && !holder.equals(identity)) {
          lose(shard, "its Lease names " + holder);
        } else if (stopping(shard) || plan.hold().contains(shard)) {
          renew(shard, o, now);
        }
      }
      for (int shard : plan.hold()) {
        if (!isHeld(shard) && !closed && leases.hold(shard, observed.get(shard), now)) {
          take(shard, now);
        }
      }
      long took = Duration.between(now, Instant.now()).toMillis();
      if (took > timings.renewDeadline().toMillis() / 2) {
        LOG.warn(
            "a sharding step of {} took {} ms, near the renew deadline {}",
            identity,
            took,
            timings.renewDeadline());
      }
    } catch (RuntimeException e) {
      LOG.warn("sharding step of {} failed: {}", identity, e.toString());
    }
  }

  private void renew(int shard, Observed observed, Instant now) {
    if (leases.hold(shard, observed, now)) {
      Held h;
      synchronized (this) {
        h = held.get(shard);
      }
      if (h != null) {
        h.renewed = now;
      }
    } else {
      lose(shard, "another replica wrote its Lease first");
    }
  }

  private synchronized void take(int shard, Instant now) {
    LeaderWork work = works.apply(shard);
    held.put(shard, new Held(work, now));
    LOG.info("{} holds shard {}/{}", identity, shard, shards);
    work.start();
    if (assembly != null) {
      work.assembled(HostGroups.slice(assembly, shard, shards));
    }
  }

  /** Stops the work of a shard assigned elsewhere, then releases its Lease. */
  private void beginStop(int shard) {
    Held h;
    synchronized (this) {
      h = held.get(shard);
      if (h == null || h.stopping) {
        return;
      }
      h.stopping = true;
    }
    LOG.info("{} hands shard {}/{} over", identity, shard, shards);
    stopper.execute(
        () -> {
          h.work.stop();
          synchronized (this) {
            held.remove(shard, h); // first, so that no step renews it after the release
          }
          try {
            leases.release(shard);
          } catch (RuntimeException e) {
            LOG.warn("releasing shard {} failed (it expires): {}", shard, e.toString());
          }
        });
  }

  /** Stops a shard whose Lease is no longer safely ours; the Lease is left to expire. */
  private void lose(int shard, String why) {
    Held h;
    synchronized (this) {
      h = held.remove(shard);
      if (h != null) {
        draining.add(shard);
      }
    }
    if (h != null) {
      LOG.warn("{} stops shard {}/{}: {}", identity, shard, shards, why);
      stopper.execute(
          () -> {
            h.work.stop();
            synchronized (this) {
              draining.remove(shard);
            }
          });
    }
  }

  private void enforceDeadline() {
    Instant now = Instant.now();
    for (int shard : heldShards()) {
      Held h;
      synchronized (this) {
        h = held.get(shard);
      }
      if (h != null && Duration.between(h.renewed, now).compareTo(timings.renewDeadline()) > 0) {
        lose(shard, "its Lease could not be renewed for " + timings.renewDeadline());
      }
    }
  }

  private synchronized List<Integer> heldShards() {
    return List.copyOf(held.keySet());
  }

  /** Held, or lost with its work still stopping (two works of one shard would share hosts). */
  private synchronized boolean isHeld(int shard) {
    return held.containsKey(shard) || draining.contains(shard);
  }

  private synchronized boolean stopping(int shard) {
    Held h = held.get(shard);
    return h != null && h.stopping;
  }

  /** Stops every shard's work (steps in flight finish within the grace), then releases them. */
  @Override
  public void close() {
    closed = true;
    loop.shutdownNow();
    try {
      loop.awaitTermination(timings.renewDeadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<Integer, Held> stopping;
    synchronized (this) {
      stopping = new TreeMap<>(held);
      held.clear();
    }
    stopping.values().parallelStream().forEach(h -> h.work.stop());
    stopper.shutdown();
    try {
      stopper.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      for (int shard : stopping.keySet()) {
        leases.release(shard);
      }
      leases.leave();
    } catch (RuntimeException e) {
      LOG.warn("{} could not release its Leases (they expire): {}", identity, e.toString());
    }
  }

  private static ScheduledExecutorService daemons(String name, int threads) {
    return Executors.newScheduledThreadPool(
        threads,
        r -> {
          Thread thread = new Thread(r, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
