package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.kube.crd.ServiceEntry;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.Reason;
import dev.capstan.services.ServiceState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each host's {@code services: [{name, state, release, pids}]} in the Environment's status, as
 * {@code kubectl get -o yaml} shows it: mapped from services' {@link ServiceState}, written through
 * the status subresource of fabric8's mock API server (CRUD mode) and kept by the schema.
 */
class ServiceStatusTest {

  private static final String KEY = "shop/bb-prod";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String LIVE = "20261201095500-abc1234";
  private static final String OLD = "20261130120000-0ff1ce0";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Held so the level sticks: the mock server logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private static final Map<String, List<ServiceState>> OBSERVED =
      Map.of(
          "web1",
          List.of(
              new ServiceState("web", ServiceState.State.RUNNING, LIVE, List.of(4101L, 4102L)),
              new ServiceState("worker", ServiceState.State.STALE, OLD, List.of(4200L)),
              new ServiceState("clock", ServiceState.State.DOWN, null, List.of())));

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = MockApi.started();
    client = MockApi.withCrds(server);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void eachServiceShowsItsStateReleaseAndPids() {
    EnvironmentResourceStatus shown = mapped();

    assertEquals(
        List.of(
            new ServiceEntry("web", ServiceEntry.State.Running, LIVE, List.of(4101L, 4102L)),
            new ServiceEntry("worker", ServiceEntry.State.Stale, OLD, List.of(4200L)),
            new ServiceEntry("clock", ServiceEntry.State.Down, null, List.of())),
        shown.hosts().get(0).services());
  }

  @Test
  void aHostWithoutServicesShowsNone() {
    assertNull(mapped().hosts().get(1).services(), "no services: key left out");
  }

  @Test
  void aServiceRestartedIsAChangedReport() {
    EnvironmentResourceStatus before = mapped();
    EnvironmentResourceStatus after =
        StatusMapping.toResource(
            recorded(),
            1L,
            2,
            before,
            null,
            h ->
                h.host().equals("web1")
                    ? List.of(
                        new ServiceState("web", ServiceState.State.RUNNING, LIVE, List.of(4300L)))
                    : List.of(),
            NOW);

    assertFalse(StatusMapping.sameReport(before, after), "new pids are written");
  }

  @Test
  void kubectlGetShowsTheServicesOfEachHost() throws Exception {
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    String.join(
                        "\n",
                        "apiVersion: capstan.dev/v1alpha1",
                        "kind: Environment",
                        "metadata: {name: bb-prod, namespace: shop}",
                        "spec: {application: bb, revision: main, hosts: [web1, web2]}",
                        ""),
                    EnvironmentResource.class))
        .create();

    assertTrue(StatusSubresource.write(client, EnvironmentResource.class, KEY, mapped()));

    GenericKubernetesResource stored =
        client
            .genericKubernetesResources("capstan.dev/v1alpha1", "Environment")
            .inNamespace("shop")
            .withName("bb-prod")
            .get();
    JsonNode yaml = YAML.readTree(client.getKubernetesSerialization().asYaml(stored));
    assertEquals(
        YAML.readTree(
            String.join(
                "\n",
                "- {name: web, state: Running, release: \"" + LIVE + "\", pids: [4101, 4102]}",
                "- {name: worker, state: Stale, release: \"" + OLD + "\", pids: [4200]}",
                "- {name: clock, state: Down, pids: []}")),
        yaml.at("/status/hosts/0/services"));
    JsonNode schema =
        YAML.readTree(CrdFilesTest.generated("environments.capstan.dev-v1.yml"))
            .at("/spec/versions/0/schema/openAPIV3Schema");
    assertEquals(List.of(), SchemaPruning.pruned(yaml, schema), "the API server keeps it all");
  }

  private static EnvironmentResourceStatus mapped() {
    return StatusMapping.toResource(
        recorded(), 1L, 2, null, null, h -> OBSERVED.getOrDefault(h.host(), List.of()), NOW);
  }

  private static EnvironmentStatus recorded() {
    return new EnvironmentStatus(
        KEY, "main", "abc1234", null, List.of(), List.of(host("web1"), host("web2")), null, NOW);
  }

  private static HostStatus host(String name) {
    return new HostStatus(
        name, LIVE, "abc1234", HostState.Ready, Reason.Converged, null, null, null, null, null, 0);
  }
}
