package dev.capstan.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election with a coordination.k8s.io Lease (fabric8's LeaderElector): calls {@link
 * Listener#started} when this replica becomes the leader and {@link Listener#stopped} when it
 * loses the Lease, then stands for election again until closed. Closing releases the Lease, so a
 * replica stopped cleanly hands over at once rather than after the lease duration.
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
  private CompletableFuture<?> election;

  Leadership(KubernetesClient client, String namespace, String name, String identity,
      Timings timings, Listener listener) {
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
    LeaderCallbacks callbacks = new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
        id -> {
          leaderIdentity = id;
          LOG.info("leader of Lease {}/{} is {}", namespace, name, id);
        });
    election = client.leaderElector()
        .withConfig(new LeaderElectionConfigBuilder()
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
    election.whenComplete((result, error) -> {
      if (!closed) {
        LOG.info("leader election for Lease {}/{} ended{}; standing again", namespace, name,
            error == null ? "" : " (" + error.getMessage() + ")");
        start();
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

  private void startedLeading() {
    leader = true;
    LOG.info("{} leads (Lease {}/{})", identity, namespace, name);
    listener.started();
  }

  private void stoppedLeading() {
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
    stoppedLeading();
  }
}
