package dev.capstan.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/** fabric8's mock API server in CRUD mode, the one stand-in for an API server these tests use. */
final class MockApi {

  private MockApi() {}

  /** A started mock server that stores what it is sent (CRUD mode), over plain HTTP. */
  static KubernetesMockServer started() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    return server;
  }

  /** A client of {@code server} with Capstan's generated CRDs created. */
  static KubernetesClient withCrds(KubernetesMockServer server) {
    KubernetesClient client = server.createClient();
    for (String file : CrdFilesTest.FILES) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .load(CrdFilesTest.generatedUrl(file))
          .create();
    }
    return client;
  }
}
