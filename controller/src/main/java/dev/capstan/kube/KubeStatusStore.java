package dev.capstan.kube;

import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.StatusStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Kubernetes mode's status: each Environment's status subresource, written only through {@code
 * /status} and only when it changed, with observedGeneration the generation of the spec the status
 * reflects. "Changed" leaves out {@code lastReconcile}: a pass that finds everything as it was
 * writes nothing (no write, no watch event per drift interval), so {@code lastReconcile} is when
 * the last pass that changed something finished.
 */
final class KubeStatusStore implements StatusStore {

  private final KubernetesClient client;
  private final Function<String, EnvironmentResource> cache;
  private final DesiredStateAssembler assembler;
  private final StalledSecrets stalled;
  private final Clock clock;
  private final String shard;
  private final Map<String, EnvironmentResourceStatus> written = new ConcurrentHashMap<>();

  /**
   * @param cache the Environment resource of a key as the informers last saw it, or null
   */
  KubeStatusStore(
      KubernetesClient client,
      Function<String, EnvironmentResource> cache,
      DesiredStateAssembler assembler,
      StalledSecrets stalled,
      Clock clock) {
    this(client, cache, assembler, stalled, clock, null);
  }

  /**
   * @param shard the shard and replica shown in each status; null without sharding
   */
  KubeStatusStore(
      KubernetesClient client,
      Function<String, EnvironmentResource> cache,
      DesiredStateAssembler assembler,
      StalledSecrets stalled,
      Clock clock,
      String shard) {
    this.shard = shard;
    this.client = client;
    this.cache = cache;
    this.assembler = assembler;
    this.stalled = stalled;
    this.clock = clock;
  }

  @Override
  public void write(EnvironmentStatus status) {
    write(status, null);
  }

  @Override
  public void write(EnvironmentStatus status, Environment reconciled) {
    String key = status.name();
    EnvironmentResource resource = cache.apply(key);
    if (resource == null) {
      return; // deleted: nothing to report on
    }
    EnvironmentResourceStatus shown = written.getOrDefault(key, resource.getStatus());
    EnvironmentResourceStatus next =
        StatusMapping.toResource(
            status,
            observedGeneration(status, reconciled, resource),
            specHosts(resource),
            shown,
            stalled.of(key, applicationKey(resource)),
            HostStatus::services,
            clock.instant());
    if (shard != null) {
      next = next.withShard(shard);
    }
    if (StatusMapping.sameReport(next, shown)) {
      return;
    }
    if (StatusSubresource.write(client, EnvironmentResource.class, key, next)) {
      written.put(key, next);
    }
  }

  @Override
  public void remove(String environment) {
    written.remove(environment);
  }

  @Override
  public Optional<EnvironmentStatus> read(String environment) {
    return Optional.ofNullable(cache.apply(environment))
        .map(EnvironmentResource::getStatus)
        .map(status -> StatusMapping.fromResource(environment, status));
  }

  /**
   * The generation of the spec reconciled; for an invalid spec, the resource's own (its problems
   * are what was observed of it); else what the resource said before.
   */
  private Long observedGeneration(
      EnvironmentStatus status, Environment reconciled, EnvironmentResource resource) {
    if (status.configurationError() != null) {
      return resource.getMetadata().getGeneration();
    }
    Long generation = assembler.generationOf(reconciled);
    if (generation != null) {
      return generation;
    }
    EnvironmentResourceStatus current = written.getOrDefault(status.name(), resource.getStatus());
    return current == null ? null : current.observedGeneration();
  }

  private static String applicationKey(EnvironmentResource resource) {
    return resource.getSpec() == null
        ? null
        : Keys.qualify(resource.getMetadata().getNamespace(), resource.getSpec().application());
  }

  private static int specHosts(EnvironmentResource resource) {
    return resource.getSpec() == null
        ? 0
        : Objects.requireNonNullElse(resource.getSpec().hosts(), java.util.List.of()).size();
  }
}
