package dev.capstan.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election with a coordination.k8s.io Lease (fabric8's LeaderElector): calls {@link
 * Listener#started} when this replica becomes the leader and {@link Listener#stopped} when it loses
 * the Lease, then stands for election again until closed. Closing releases the Lease, so a replica
 * stopped cleanly hands over at once rather than after the lease duration.
 *
 * <p>The leader also confirms the Lease itself every retry period and steps down when it cannot for
 * longer than the renew deadline, or when the Lease names another holder: the elector's renew loop
 * was seen to stall without stepping down when its client stopped working, and two leaders would
 * both touch hosts.
 */
final class Leadership implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /** What to do when leadership comes and goes; called from the elector's threads. */
  interface Listener {
    void started();

    void stopped();
  }

  /**
   * How the Lease is held.
   *
   * @param duration how long a Lease lasts without renewal: the longest a takeover waits
   * @param renewDeadline how long the leader keeps trying to renew before it steps down
   * @param retryPeriod how often candidates try to acquire and the leader renews
   */
  record Timings(Duration duration, Duration renewDeadline, Duration retryPeriod) {
    static final Timings DEFAULT =
        new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Timings timings;
  private final Listener listener;
  private volatile boolean leader;
  private volatile String leaderIdentity;
  private volatile boolean closed;
  private volatile Instant confirmed = Instant.MIN;
  private CompletableFuture<?> election;
  private final ScheduledExecutorService fence =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "capstan-lease-check");
            thread.setDaemon(true);
            return thread;
          });

  Leadership(
      KubernetesClient client,
      String namespace,
      String name,
      String identity,
      Timings timings,
      Listener listener) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.timings = timings;
    this.listener = listener;
  }

  synchronized void start() {
    if (closed) {
      return;
    }
    if (election == null) {
      long period = timings.retryPeriod().toMillis();
      fence.scheduleWithFixedDelay(this::confirm, period, period, TimeUnit.MILLISECONDS);
      fence.scheduleWithFixedDelay(this::enforceDeadline, period, period, TimeUnit.MILLISECONDS);
    }
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            this::startedLeading,
            this::stoppedLeading,
            id -> {
              leaderIdentity = id;
              LOG.info("leader of Lease {}/{} is {}", namespace, name, id);
            });
    election =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(name)
                    .withLock(new LeaseLock(namespace, name, identity))
                    .withLeaseDuration(timings.duration())
                    .withRenewDeadline(timings.renewDeadline())
                    .withRetryPeriod(timings.retryPeriod())
                    .withLeaderCallbacks(callbacks)
                    .withReleaseOnCancel(true)
                    .build())
            .build()
            .start();
    election.whenComplete(
        (result, error) -> {
          if (!closed) {
            LOG.info(
                "leader election for Lease {}/{} ended{}; standing again",
                namespace,
                name,
                error == null ? "" : " (" + error.getMessage() + ")");
            // After a retry period, so an API server that refuses every call is not hammered.
            CompletableFuture.delayedExecutor(
                    timings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::start);
          }
        });
  }

  boolean leader() {
    return leader;
  }

  /** Who leads now, as last observed; null when unknown. */
  String leaderIdentity() {
    return leaderIdentity;
  }

  /** While leading: read the Lease; ours confirms leadership, another holder ends it. */
  private void confirm() {
    if (!leader) {
      return;
    }
    String holder;
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      holder =
          lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    } catch (RuntimeException e) {
      LOG.warn("cannot read Lease {}/{}: {}", namespace, name, e.getMessage());
      return;
    }
    if (identity.equals(holder)) {
      confirmed = Instant.now();
    } else if (holder != null && leader) {
      stepDown("the Lease names " + holder);
    }
  }

  /**
   * While leading: step down when the Lease was not confirmed within the renew deadline. Apart from
   * {@link #confirm} because a read of the Lease can hang as long as the client's timeout.
   */
  private void enforceDeadline() {
    if (leader
        && Duration.between(confirmed, Instant.now()).compareTo(timings.renewDeadline()) > 0) {
      stepDown("the Lease could not be confirmed for " + timings.renewDeadline());
    }
  }

  private void stepDown(String why) {
    LOG.warn("{} steps down: {}", identity, why);
    stoppedLeading();
    CompletableFuture<?> running;
    synchronized (this) {
      running = election;
    }
    running.cancel(true); // the elector stands again after a retry period
  }

  private void startedLeading() {
    confirmed = Instant.now();
    leader = true;
    LOG.info("{} leads (Lease {}/{})", identity, namespace, name);
    listener.started();
  }

  private synchronized void stoppedLeading() {
    if (leader) {
      leader = false;
      LOG.info("{} stopped leading (Lease {}/{})", identity, namespace, name);
      listener.stopped();
    }
  }

  @Override
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      closed = true;
      running = election;
    }
    if (running != null) {
      running.cancel(true);
    }
    fence.shutdownNow();
    stoppedLeading();
  }
}
