package dev.capstan.kube;

import dev.capstan.kube.crd.ApplicationResource;
import dev.capstan.kube.crd.ApplicationResourceStatus;
import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.reconcile.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes each Application's status: condition Ready, reason {@code Valid}, or False with reason
 * {@value StatusMapping#INVALID_SPEC} and what {@code capstan validate} says of it.
 */
final class ApplicationStatusWriter {

  static final String VALID = "Valid";

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, ApplicationResourceStatus> written = new ConcurrentHashMap<>();

  ApplicationStatusWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param problems per Application key, null when valid
   */
  void write(List<ApplicationResource> resources, Map<String, String> problems) {
    for (ApplicationResource resource : resources) {
      String key = Keys.of(resource);
      ApplicationResourceStatus current = written.getOrDefault(key, resource.getStatus());
      ApplicationResourceStatus next = status(problems.get(key), resource, current);
      if (!next.equals(current)) {
        patch(key, next);
      }
    }
    written.keySet().retainAll(resources.stream().map(Keys::of).toList());
  }

  private ApplicationResourceStatus status(
      String problems, ApplicationResource resource, ApplicationResourceStatus current) {
    boolean valid = problems == null;
    String status = valid ? "True" : "False";
    String since =
        current == null || current.conditions() == null
            ? null
            : current.conditions().stream()
                .filter(c -> c.type().equals(Condition.READY) && c.status().name().equals(status))
                .map(ConditionEntry::lastTransitionTime)
                .findFirst()
                .orElse(null);
    ConditionEntry ready =
        new ConditionEntry(
            Condition.READY,
            ConditionEntry.Status.valueOf(status),
            valid ? VALID : StatusMapping.INVALID_SPEC,
            valid ? "the spec is valid" : problems,
            Objects.requireNonNullElse(since, clock.instant().toString()));
    return new ApplicationResourceStatus(resource.getMetadata().getGeneration(), List.of(ready));
  }

  private void patch(String key, ApplicationResourceStatus next) {
    if (StatusSubresource.write(client, ApplicationResource.class, key, next)) {
      written.put(key, next);
    }
  }
}
