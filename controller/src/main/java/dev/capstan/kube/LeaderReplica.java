package dev.capstan.kube;

import dev.capstan.kube.DesiredStateAssembler.Assembly;
import dev.capstan.reconcile.Controller;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A replica that reconciles everything while it holds the one Lease ({@link Leadership}), or always
 * when leader election is off. Only the leader is ready, so the Service sends webhooks to it alone.
 */
final class LeaderReplica implements ReplicaWork {

  private final LeaderWork work;
  private final Leadership leadership;
  private final String lease;
  private final String identity;

  /**
   * @param leadership null when leader election is off
   * @param lease {@code namespace/name} of the Lease, for messages
   * @param identity this replica's name in the Lease
   */
  LeaderReplica(LeaderWork work, Leadership leadership, String lease, String identity) {
    this.work = work;
    this.leadership = leadership;
    this.lease = lease;
    this.identity = identity;
  }

  /** The listener a {@link Leadership} needs to start and stop this replica's work. */
  static Leadership.Listener listener(LeaderWork work) {
    return new Leadership.Listener() {
      @Override
      public void started() {
        work.start();
      }

      @Override
      public void stopped() {
        work.stop();
      }
    };
  }

  @Override
  public void start() {
    if (leadership != null) {
      leadership.start();
    } else {
      work.start();
    }
  }

  @Override
  public void assembled(Assembly assembly) {
    work.assembled(assembly);
  }

  @Override
  public List<Controller> controllers() {
    Controller leading = work.controller();
    return leading == null ? List.of() : List.of(leading);
  }

  @Override
  public void pushed(List<String> urls) {
    controllers().forEach(c -> c.pushed(urls));
  }

  @Override
  public SortedSet<Integer> shards() {
    return new TreeSet<>();
  }

  @Override
  public boolean ready() {
    return !controllers().isEmpty();
  }

  @Override
  public String notReadyWhy() {
    String leader = leadership == null ? null : leadership.leaderIdentity();
    return "not the leader: "
        + (leader == null ? "no leader elected yet" : leader + " leads")
        + " (Lease "
        + lease
        + ")";
  }

  @Override
  public String describe() {
    return leadership == null ? "leader election off" : "Lease " + lease + " as " + identity;
  }

  @Override
  public void close() {
    if (leadership != null) {
      leadership.close();
    }
    work.stop();
  }
}
