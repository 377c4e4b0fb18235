package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.kube.crd.ApplicationResource;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import dev.capstan.reconcile.Pins;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KubePins} against the fabric8 mock API server in CRUD mode, with the real CRDs. */
class KubePinsTest {

  private static final String NAMESPACE = "shop";
  private static final String GOOD = "3f2a9c1" + "0".repeat(33);
  private static final String BAD = "9b1e2aa" + "0".repeat(33);

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
    for (String file : CrdFilesTest.FILES) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .load(CrdFilesTest.generatedUrl(file))
          .create();
    }
    client.resource(application()).inNamespace(NAMESPACE).create();
    client.resource(environment()).inNamespace(NAMESPACE).create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void pinAndVetoPatchTheSpecAndUnpinAndUnvetoLiftThem() throws Exception {
    KubePins pins = new KubePins(client, NAMESPACE, false);
    pins.pin("shop-production", GOOD, "checkout broken", Pin.BY_PIN);
    pins.veto("shop-production", BAD, "checkout broken");

    EnvironmentResource resource = resource();
    assertEquals(GOOD, resource.getSpec().pin().commit());
    assertEquals("checkout broken", resource.getSpec().pin().reason());
    assertEquals("pin", resource.getSpec().pin().setBy());
    assertEquals(List.of(BAD), resource.getSpec().veto());
    assertEquals("main", resource.getSpec().revision(), "the rest of the spec is kept");
    assertEquals(
        new PinState(new Pin(GOOD, "checkout broken", Pin.BY_PIN), List.of(new Veto(BAD, null))),
        pins.read("shop-production"));

    assertTrue(pins.unpin("shop-production"));
    assertFalse(pins.unpin("shop-production"));
    assertTrue(pins.unveto("shop-production", "9b1e2aa"));
    assertFalse(pins.unveto("shop-production", BAD));
    assertNull(resource().getSpec().pin());
    assertNull(resource().getSpec().veto());
  }

  @Test
  void theControllerReadsThePinAndVetoesFromTheResource() throws Exception {
    new KubePins(client, NAMESPACE, false).pin("shop-production", GOOD, null, Pin.BY_ROLLBACK);
    new KubePins(client, NAMESPACE, false).veto("shop-production", BAD, null);

    ResourceReader.Outcome<dev.capstan.model.DesiredState> read =
        new ResourceReader()
            .environment(
                resource(),
                client
                    .resources(ApplicationResource.class)
                    .inNamespace(NAMESPACE)
                    .withName("shop")
                    .get());

    assertNull(read.problems(), read.problems());
    PinState pins = read.value().environments().get("shop-production").spec().pins();
    assertEquals(new Pin(GOOD, null, Pin.BY_ROLLBACK), pins.pin());
    assertEquals(List.of(new Veto(BAD, null)), pins.veto());
  }

  @Test
  void anEnvironmentThatDoesNotExistIsNamed() {
    Pins.PinsException e =
        assertThrows(
            Pins.PinsException.class,
            () -> new KubePins(client, NAMESPACE, false).pin("nope", GOOD, null, Pin.BY_PIN));
    assertEquals("no Environment named \"nope\" in shop", e.getMessage());
  }

  private EnvironmentResource resource() {
    return client
        .resources(EnvironmentResource.class)
        .inNamespace(NAMESPACE)
        .withName("shop-production")
        .get();
  }

  private static String application() {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: shop, namespace: " + NAMESPACE + "}",
        "spec:",
        "  repository: {url: https://git.example.com/shop.git}",
        "  deployPath: /srv/shop",
        "");
  }

  private static String environment() {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: shop-production, namespace: " + NAMESPACE + "}",
        "spec:",
        "  application: shop",
        "  revision: main",
        "  hosts: [deploy@web1.example.com]",
        "");
  }
}
