package dev.capstan.kube;

import dev.capstan.kube.crd.ApplicationResource;
import dev.capstan.kube.crd.EnvironmentResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on Applications and Environments in the watched namespaces (or all): a local cache of
 * both kinds, and a callback on every change to either.
 */
final class ResourceWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceWatch.class);

  private final List<SharedIndexInformer<ApplicationResource>> applications = new ArrayList<>();
  private final List<SharedIndexInformer<EnvironmentResource>> environments = new ArrayList<>();

  /**
   * @param namespaces the namespaces to watch; empty for all
   * @param changed called on every add, update and delete, from an informer thread
   */
  ResourceWatch(KubernetesClient client, List<String> namespaces, Runnable changed) {
    ResourceEventHandler<HasMetadata> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(HasMetadata resource) {
            changed.run();
          }

          @Override
          public void onUpdate(HasMetadata before, HasMetadata after) {
            changed.run();
          }

          @Override
          public void onDelete(HasMetadata resource, boolean finalStateUnknown) {
            changed.run();
          }
        };
    if (namespaces.isEmpty()) {
      applications.add(
          inform(client.resources(ApplicationResource.class).inAnyNamespace(), handler));
      environments.add(
          inform(client.resources(EnvironmentResource.class).inAnyNamespace(), handler));
    }
    for (String namespace : namespaces) {
      applications.add(
          inform(client.resources(ApplicationResource.class).inNamespace(namespace), handler));
      environments.add(
          inform(client.resources(EnvironmentResource.class).inNamespace(namespace), handler));
    }
  }

  private static <T extends HasMetadata> SharedIndexInformer<T> inform(
      Informable<T> resources, ResourceEventHandler<? super T> handler) {
    SharedIndexInformer<T> informer = resources.runnableInformer(0);
    informer.addEventHandler(handler);
    // By default an informer whose first list fails stops for good; an API server that is away
    // at start-up (or a CRD installed later) must only delay readiness.
    informer.exceptionHandler(
        (started, error) -> {
          LOG.warn(
              "listing or watching {} failed, retrying: {}",
              informer.getApiTypeClass().getSimpleName(),
              error.getMessage() != null ? error.getMessage() : error.toString());
          return !ExceptionHandler.isDeserializationException(error);
        });
    return informer;
  }

  /** Starts listing and watching; {@link #synced()} tells when the first lists are in. */
  void start() {
    applications.forEach(SharedIndexInformer::start);
    environments.forEach(SharedIndexInformer::start);
  }

  /** Whether every informer has listed its resources once. */
  boolean synced() {
    return applications.stream().allMatch(SharedIndexInformer::hasSynced)
        && environments.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  List<ApplicationResource> applications() {
    return applications.stream().flatMap(i -> i.getStore().list().stream()).toList();
  }

  List<EnvironmentResource> environments() {
    return environments.stream().flatMap(i -> i.getStore().list().stream()).toList();
  }

  /** The Environment of a {@code namespace/name} key as last seen, or null. */
  EnvironmentResource environment(String key) {
    return environments.stream()
        .map(i -> i.getStore().getByKey(key))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    applications.forEach(SharedIndexInformer::close);
    environments.forEach(SharedIndexInformer::close);
  }
}
