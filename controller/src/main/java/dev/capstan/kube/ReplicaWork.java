package dev.capstan.kube;

import dev.capstan.kube.DesiredStateAssembler.Assembly;
import dev.capstan.reconcile.Controller;
import java.util.List;
import java.util.SortedSet;

/**
 * How one replica reconciles: as the one leader, alone (no leader election), or sharing shards with
 * the other live replicas ({@link Sharding}). {@link KubernetesRuntime} holds exactly one and feeds
 * it the watched resources.
 */
interface ReplicaWork extends AutoCloseable {

  /** Begins: campaigns for the Lease, takes shards, or (alone) reconciles at once. */
  void start();

  /** The newest desired state of every watched resource. */
  void assembled(Assembly assembly);

  /** The Controllers that run here now: none, the leader's, or one per shard held. */
  List<Controller> controllers();

  /** A push received by this replica; {@code urls} empty for "every repository". */
  void pushed(List<String> urls);

  /** With sharding, the shards held now; empty otherwise. */
  SortedSet<Integer> shards();

  /** Whether this replica should receive traffic (informers synced aside). */
  boolean ready();

  /** Why it is not {@link #ready}, for {@code /readyz}. */
  String notReadyWhy();

  /** The Lease(s) and identity, for the start-up line, after a comma. */
  String describe();

  /** Stops reconciling (steps in flight finish within the grace) and gives the Leases back. */
  @Override
  void close();
}
