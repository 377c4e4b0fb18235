package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.reconcile.Change;
import dev.capstan.reconcile.ControllerEvents;
import dev.capstan.testing.Eventually;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kubernetes Events: one per transition, repeats aggregated by count (mock API server). */
class KubeEventsTest {

  private static final String KEY = "shop/tiny-production";
  private static final Duration SOON = Duration.ofSeconds(10);

  private KubernetesMockServer server;
  private KubernetesClient client;
  private KubeEvents events;

  @BeforeEach
  void start() {
    server = MockApi.started();
    client = server.createClient();
    EnvironmentResource resource = new EnvironmentResource();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName("tiny-production")
            .withNamespace("shop")
            .withUid("u-1")
            .build());
    events =
        new KubeEvents(
            ControllerEvents.NONE,
            client,
            key -> key.equals(KEY) ? resource : null,
            "test",
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    events.close();
    client.close();
    server.destroy();
  }

  @Test
  void aRepeatIsCountedOnTheFirstEvent() {
    events.driftCorrected(
        KEY, "web1", new Change(Change.Kind.CURRENT_MISSING, "current was missing"));
    events.driftCorrected(
        KEY, "web1", new Change(Change.Kind.CURRENT_MISSING, "current was missing"));
    events.driftCorrected(
        KEY, "web1", new Change(Change.Kind.CURRENT_MISSING, "current was missing"));

    Eventually.await(
        SOON,
        "one DriftCorrected Event counted 3 times",
        () -> counts("DriftCorrected").equals(List.of(3)));
  }

  @Test
  void aFailureIsToldOnceWhileItLastsAndHeldBackPassesAddNothing() {
    events.failed(KEY, "web1: health check: exit status 1");
    events.reconciled(KEY, Duration.ofMillis(5), false);
    events.failed(KEY, "web1: health check: exit status 1");
    for (int i = 0; i < 10; i++) {
      events.heldBack(KEY, "release R of this commit failed on web1; waiting for a new revision");
      events.reconciled(KEY, Duration.ofMillis(5), true);
    }
    events.driftCorrected(
        KEY,
        "web1",
        new Change(Change.Kind.OTHER, "marker")); // sent after the others: all are in by then

    Eventually.await(SOON, "the marker", () -> !counts("DriftCorrected").isEmpty());
    assertEquals(List.of(1), counts("RolloutFailed"));
  }

  @Test
  void theSameFailureAfterConvergingIsARepeat() {
    events.failed(KEY, "web1: unreachable");
    events.converged(KEY);
    events.failed(KEY, "web1: unreachable");
    events.failed(KEY, "web2: unreachable");

    Eventually.await(
        SOON,
        "web1's Event counted twice, web2's once",
        () -> {
          List<Event> failed = of("RolloutFailed");
          return failed.size() == 2
              && failed.stream()
                  .allMatch(e -> e.getCount() == (e.getMessage().startsWith("web1") ? 2 : 1));
        });
  }

  @Test
  void aCommitHeldBackWhenNoFailureWasToldIsToldOnce() {
    // A new leader finds the commit failed before: it never told that failure itself.
    events.heldBack(KEY, "release R of this commit failed on web1; waiting for a new revision");
    events.heldBack(KEY, "release R of this commit failed on web1; waiting for a new revision");
    events.driftCorrected(KEY, "web1", new Change(Change.Kind.OTHER, "marker"));

    Eventually.await(SOON, "the marker", () -> !counts("DriftCorrected").isEmpty());
    assertEquals(List.of(1), counts("RolloutFailed"));
  }

  private List<Event> of(String reason) {
    return client.v1().events().inNamespace("shop").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private List<Integer> counts(String reason) {
    return of(reason).stream().map(Event::getCount).toList();
  }
}
