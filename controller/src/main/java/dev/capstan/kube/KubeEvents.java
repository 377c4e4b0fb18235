package dev.capstan.kube;

import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.reconcile.Change;
import dev.capstan.reconcile.ControllerEvents;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's {@link ControllerEvents}: what the metrics count, plus a core v1 Event on the
 * Environment for each build started, rollout failed, deploy, rollback and drift correction. Events
 * are sent from a thread of their own so a slow API server never delays a rollout.
 *
 * <p>One Event per transition: {@code RolloutFailed} when a rollout fails, and again only when it
 * fails with another message or after the Environment converged; a commit held back because it
 * failed before is no new failure (told once only if this replica never told its failure: after a
 * restart or a change of leader). A repeat of an Event already sent (same Environment, type, reason
 * and message) is aggregated as the API server's own recorders do: the existing Event's {@code
 * count} goes up and its {@code lastTimestamp} moves; no new Event is created.
 */
final class KubeEvents implements ControllerEvents, AutoCloseable {

  static final String COMPONENT = "capstan";
  private static final Logger LOG = LoggerFactory.getLogger(KubeEvents.class);
  private static final int MAX_MESSAGE = 1024;

  private final ControllerEvents metrics;
  private final KubernetesClient client;
  private final Function<String, EnvironmentResource> cache;
  private final String instance;
  private final Clock clock;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "capstan-events");
            thread.setDaemon(true);
            return thread;
          });

  /** How many sent Events are remembered for aggregation (the oldest is forgotten first). */
  static final int REMEMBERED = 512;

  /** The last failure told per Environment: a rollout retried with the same error is one Event. */
  private final Map<String, String> lastFailure = new ConcurrentHashMap<>();

  /** What makes two Events the same: a repeat is aggregated into the first. */
  private record Key(String environment, String type, String reason, String message) {}

  /** An Event sent: its name and how many times it happened. */
  private record Sent(String name, int count) {}

  /** Per Event sent, its name and count; only the sender thread uses it. */
  private final Map<Key, Sent> sent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Sent> eldest) {
          return size() > REMEMBERED;
        }
      };

  KubeEvents(
      ControllerEvents metrics,
      KubernetesClient client,
      Function<String, EnvironmentResource> cache,
      String instance,
      Clock clock) {
    this.metrics = metrics;
    this.client = client;
    this.cache = cache;
    this.instance = instance;
    this.clock = clock;
  }

  @Override
  public void reconciled(String environment, Duration took, boolean ok) {
    metrics.reconciled(environment, took, ok);
  }

  @Override
  public void converged(String environment) {
    metrics.converged(environment);
    lastFailure.remove(environment);
  }

  @Override
  public void heldBack(String environment, String message) {
    metrics.heldBack(environment, message);
    if (lastFailure.putIfAbsent(environment, message) == null) {
      send(environment, "Warning", "RolloutFailed", message);
    }
  }

  @Override
  public void backedUp(
      String environment, dev.capstan.backup.BackupResult result, java.time.Instant at) {
    metrics.backedUp(environment, result, at);
  }

  @Override
  public void dependenciesChecked(
      String environment, dev.capstan.reconcile.DependencyStatus dependencies) {
    metrics.dependenciesChecked(environment, dependencies);
  }

  @Override
  public void buildStarted(String environment, String host, String release) {
    metrics.buildStarted(environment, host, release);
    send(environment, "Normal", "BuildStarted", host + ": building release " + release);
  }

  @Override
  public void deployed(String environment, String commit) {
    metrics.deployed(environment, commit);
    send(environment, "Normal", "Deployed", "every host switched to commit " + commit);
  }

  @Override
  public void rolledBack(String environment, String host, String message) {
    metrics.rolledBack(environment, host, message);
    send(environment, "Warning", "RolledBack", host + ": " + message);
  }

  @Override
  public void failed(String environment, String message) {
    metrics.failed(environment, message);
    if (!message.equals(lastFailure.put(environment, message))) {
      send(environment, "Warning", "RolloutFailed", message);
    }
  }

  @Override
  public void driftCorrected(String environment, String host, Change change) {
    metrics.driftCorrected(environment, host, change);
    send(environment, "Normal", "DriftCorrected", host + ": " + change.text());
  }

  @Override
  public void hostStates(String environment, Map<String, Integer> hostsByState) {
    metrics.hostStates(environment, hostsByState);
  }

  @Override
  public void forgotten(String environment) {
    metrics.forgotten(environment);
    lastFailure.remove(environment);
    sender.execute(() -> sent.keySet().removeIf(key -> key.environment().equals(environment)));
  }

  private void send(String key, String type, String reason, String message) {
    EnvironmentResource resource = cache.apply(key);
    if (resource == null) {
      return;
    }
    Event event = event(resource, type, reason, message);
    Key same = new Key(key, type, reason, event.getMessage());
    sender.execute(
        () -> {
          try {
            Sent before = sent.get(same);
            if (before != null
                && aggregated(Keys.namespace(key), before, event.getLastTimestamp())) {
              sent.put(same, new Sent(before.name(), before.count() + 1));
            } else {
              client.v1().events().inNamespace(Keys.namespace(key)).resource(event).create();
              sent.put(same, new Sent(event.getMetadata().getName(), 1));
            }
          } catch (KubernetesClientException e) {
            LOG.warn("cannot record Event {} on Environment {}: {}", reason, key, e.getMessage());
          }
        });
  }

  /**
   * Counts one more occurrence on an Event sent before, with one merge patch (RBAC: patch events);
   * false when it is gone (expired).
   */
  private boolean aggregated(String namespace, Sent before, String now) {
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .withName(before.name())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\": " + (before.count() + 1) + ", \"lastTimestamp\": \"" + now + "\"}");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private Event event(EnvironmentResource resource, String type, String reason, String message) {
    String now = clock.instant().toString();
    String name =
        resource.getMetadata().getName()
            + "."
            + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(resource.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace())
                .withUid(resource.getMetadata().getUid())
                .withResourceVersion(resource.getMetadata().getResourceVersion())
                .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
  }

  @Override
  public void close() {
    sender.shutdown();
  }
}
