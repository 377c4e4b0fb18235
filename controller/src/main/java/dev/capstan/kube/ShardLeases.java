package dev.capstan.kube;

import dev.capstan.kube.ShardPlanner.LeaseState;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Leases of sharding, read and written with optimistic concurrency (the resourceVersion read is
 * the one replaced, so of two replicas that both try, one gets a conflict): one heartbeat Lease per
 * replica, named after a hash of its identity and labelled with the Lease name that all share, and
 * one Lease per shard, {@code <name>-shard-<n>}.
 */
final class ShardLeases {

  static final String MEMBER_LABEL = "capstan.dev/members-of";
  static final String SHARD_LABEL = "capstan.dev/shards-of";

  /** A shard Lease as read, with what a write needs to replace exactly it. */
  record Observed(LeaseState state, Lease lease) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Duration duration;

  ShardLeases(
      KubernetesClient client, String namespace, String name, String identity, Duration duration) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.duration = duration;
  }

  /** Every shard Lease's name, for messages: {@code namespace/name-shard-N}. */
  String shardLeases() {
    return namespace + "/" + name + "-shard-N";
  }

  String shardLease(int shard) {
    return name + "-shard-" + shard;
  }

  /** This replica's heartbeat Lease. */
  String memberLease() {
    return name
        + "-member-"
        + Long.toHexString(ShardPlanner.hash(identity)).toLowerCase(Locale.ROOT);
  }

  /** The heartbeat Leases, as {@link #members} and {@link #heartbeat} take them. */
  List<Lease> memberLeases() {
    return client.leases().inNamespace(namespace).withLabel(MEMBER_LABEL, name).list().getItems();
  }

  /**
   * Renews (or creates) this replica's heartbeat Lease, found among {@code memberLeases}.
   *
   * @param push what it tells the others of the pushes received ({@link PushRelay}); null for none
   */
  void heartbeat(List<Lease> memberLeases, Instant now, String push) {
    Lease current =
        memberLeases.stream()
            .filter(l -> memberLease().equals(l.getMetadata().getName()))
            .findFirst()
            .orElse(null);
    if (current == null) {
      create(
          memberLease(),
          MEMBER_LABEL,
          push == null ? Map.of() : Map.of(PushRelay.ANNOTATION, push),
          now);
    } else {
      current.setSpec(spec(identity, now));
      if (push != null) {
        Map<String, String> annotations = new HashMap<>();
        if (current.getMetadata().getAnnotations() != null) {
          annotations.putAll(current.getMetadata().getAnnotations());
        }
        annotations.put(PushRelay.ANNOTATION, push);
        current.getMetadata().setAnnotations(annotations);
      }
      client.leases().inNamespace(namespace).resource(current).update();
    }
  }

  /** Deletes the heartbeat, so the others re-split at once rather than after the Lease. */
  void leave() {
    client.leases().inNamespace(namespace).withName(memberLease()).delete();
  }

  /** The identities whose heartbeat Lease runs at {@code now}. */
  static List<String> members(List<Lease> memberLeases, Instant now) {
    List<String> live = new ArrayList<>();
    for (Lease lease : memberLeases) {
      String holder = state(lease).holderAt(now);
      if (holder != null) {
        live.add(holder);
      }
    }
    return live;
  }

  /** Every shard Lease that exists, by shard. */
  Map<Integer, Observed> shards(int count) {
    Map<Integer, Observed> observed = new HashMap<>();
    for (Lease lease :
        client.leases().inNamespace(namespace).withLabel(SHARD_LABEL, name).list().getItems()) {
      for (int shard = 0; shard < count; shard++) {
        if (shardLease(shard).equals(lease.getMetadata().getName())) {
          observed.put(shard, new Observed(state(lease), lease));
        }
      }
    }
    return observed;
  }

  /**
   * Takes or renews a shard Lease, replacing exactly the version observed.
   *
   * @return whether this replica holds it now; false when another write came first
   */
  boolean hold(int shard, Observed observed, Instant now) {
    try {
      if (observed == null) {
        create(shardLease(shard), SHARD_LABEL, Map.of(), now);
      } else {
        Lease next = new LeaseBuilder(observed.lease()).withSpec(spec(identity, now)).build();
        if (observed.lease().getSpec() != null
            && identity.equals(observed.lease().getSpec().getHolderIdentity())) {
          next.getSpec().setAcquireTime(observed.lease().getSpec().getAcquireTime());
        }
        client.leases().inNamespace(namespace).resource(next).update();
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /** Gives a shard back: its holder cleared, if it is still this replica's. */
  void release(int shard) {
    Lease current = client.leases().inNamespace(namespace).withName(shardLease(shard)).get();
    if (current == null
        || current.getSpec() == null
        || !identity.equals(current.getSpec().getHolderIdentity())) {
      return;
    }
    current.getSpec().setHolderIdentity(null);
    current.getSpec().setRenewTime(null);
    try {
      client.leases().inNamespace(namespace).resource(current).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** A new Lease held by this replica, labelled {@code label: name}; fails if it exists. */
  private void create(
      String leaseName, String label, Map<String, String> annotations, Instant now) {
    Lease lease =
        new LeaseBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(leaseName)
                    .withNamespace(namespace)
                    .addToLabels(label, name)
                    .addToAnnotations(annotations)
                    .build())
            .withSpec(spec(identity, now))
            .build();
    client.leases().inNamespace(namespace).resource(lease).create();
  }

  private LeaseSpec spec(String holder, Instant now) {
    LeaseSpec spec = new LeaseSpec();
    spec.setHolderIdentity(holder);
    spec.setLeaseDurationSeconds((int) Math.max(1, (duration.toMillis() + 999) / 1000));
    ZonedDateTime at = now.atZone(ZoneOffset.UTC);
    spec.setAcquireTime(at);
    spec.setRenewTime(at);
    return spec;
  }

  static LeaseState state(Lease lease) {
    LeaseSpec spec = lease.getSpec();
    if (spec == null) {
      return LeaseState.FREE;
    }
    return new LeaseState(
        spec.getHolderIdentity(),
        spec.getRenewTime() == null ? null : spec.getRenewTime().toInstant(),
        Duration.ofSeconds(
            spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds()));
  }
}
