package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.capstan.kube.crd.ApplicationResource;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The services fields (env, envFiles, configFiles, services, supervisor, beforeSwitch) and the
 * object form of hosts survive {@code kubectl apply} and the trip back to YAML: a resource stored
 * by the API server (fabric8's mock, CRUD mode, with the generated CRDs) reads to the same model as
 * the same documents in a file.
 */
class RuntimeFieldsResourceTest {

  private static final String NAMESPACE = "shop";

  // Services in name order: the API server stores a mapping's keys sorted, so that is the order in
  // which Kubernetes mode reads them whatever order the user wrote.
  private static final String APPLICATION_SPEC =
      String.join(
          "\n",
          "spec:",
          "  repository: {url: \"https://git.example.com/acme/bb.git\"}",
          "  deployPath: /var/bb",
          "  env: {DJANGO_SETTINGS_MODULE: bb.settings, GREETING: \"two words\", EMPTY: \"\"}",
          "  envFiles: [.env, config/extra.env]",
          "  configFiles:",
          "  - {path: .env, source: {secretRef: {name: bb-config, key: production.env}}}",
          "  - {path: config/only.env, source: {secretRef: {name: bb-only}}}",
          "  - {path: settings/local.py, source: {file: secrets/local.py}}",
          "  services:",
          "    clock: {command: \"venv/bin/python manage.py runclock\", roles: [worker, web]}",
          "    web:",
          "      gunicorn: {app: \"bb.wsgi:application\", bind: \"[::1]:8000\", workers: 3,"
              + " args: [\"--timeout\", \"60\"]}",
          "      env: {PORT: \"8000\"}",
          "      stopTimeout: 45s",
          "    worker:",
          "      celery: {app: bb, args: [worker, \"--loglevel=INFO\"]}",
          "      stopTimeout: 90",
          "      roles: [worker]",
          "    worker-default-args: {celery: {app: bb}}",
          "  supervisor: systemd",
          "  beforeSwitch: [\"sh deploy/drain.sh\", \"sleep 2\"]",
          "");

  private static final String ENVIRONMENT_SPEC =
      String.join(
          "\n",
          "spec:",
          "  application: bb",
          "  revision: main",
          "  hosts:",
          "  - {host: \"deploy@web1.example.com\", roles: [web], env: {PORT: \"8000\"}}",
          "  - \"deploy@jobs1.example.com:2222\"",
          "  - {host: \"deploy@jobs2.example.com\", roles: [worker, web]}",
          "  - {host: local}",
          "  ssh:",
          "    privateKey: {secretRef: {name: deploy-key, key: id_ed25519}}",
          "    knownHosts: {secretRef: {name: deploy-key, key: known_hosts}}",
          "");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Held so the level sticks: the mock server logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private KubernetesMockServer server;
  private KubernetesClient client;
  private final ResourceReader reader = new ResourceReader();

  @BeforeEach
  void startServer() {
    server = MockApi.started();
    client = MockApi.withCrds(server);
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.destroy();
  }

  @Test
  void theSchemaKeepsEveryFieldWritten() throws Exception {
    for (String kind : List.of("Application", "Environment")) {
      String file = kind.toLowerCase(Locale.ROOT) + "s.capstan.dev-v1.yml";
      JsonNode schema =
          YAML.readTree(CrdFilesTest.generated(file)).at("/spec/versions/0/schema/openAPIV3Schema");
      JsonNode resource = YAML.readTree(resourceText(kind, specOf(kind)));
      assertEquals(List.of(), SchemaPruning.pruned(resource, schema), file);
    }
  }

  @Test
  void theSchemaCheckSeesAFieldItWouldPrune() throws Exception {
    JsonNode schema =
        YAML.readTree(CrdFilesTest.generated("applications.capstan.dev-v1.yml"))
            .at("/spec/versions/0/schema/openAPIV3Schema");
    String typo = APPLICATION_SPEC.replace("stopTimeout: 45s", "stopTimeOut: 45s");
    assertEquals(
        List.of(".spec.services.web.stopTimeOut"),
        SchemaPruning.pruned(YAML.readTree(resourceText("Application", typo)), schema));
  }

  @Test
  void servicesFieldsReadAsTheyDoFromAFile() throws Exception {
    DesiredState file = fromFile();
    Application expected = file.applications().get("bb");

    Application read =
        reader
            .application(applied(ApplicationResource.class, "Application", APPLICATION_SPEC))
            .value();

    assertNotNull(read, "valid");
    assertEquals(4, read.spec().runtime().services().size(), "the fields were read at all");
    assertEquals(expected.spec().runtime(), read.spec().runtime());
    assertEquals(expected.spec(), read.spec());
  }

  @Test
  void hostsInBothFormsReadAsTheyDoFromAFile() throws Exception {
    Environment expected = fromFile().environments().get("bb-prod");

    ResourceReader.Outcome<DesiredState> outcome =
        reader.environment(
            applied(EnvironmentResource.class, "Environment", ENVIRONMENT_SPEC),
            applied(ApplicationResource.class, "Application", APPLICATION_SPEC));

    assertEquals(null, outcome.problems());
    Environment read = outcome.value().environments().get("bb-prod");
    assertEquals(expected.spec().hosts(), read.spec().hosts());
    assertEquals(expected.spec().hostSpecs(), read.spec().hostSpecs());
  }

  @Test
  void aMistakeInAHostObjectReachesTheLoader() throws Exception {
    String spec = ENVIRONMENT_SPEC.replace("roles: [web], env:", "role: [web], env:");

    ResourceReader.Outcome<DesiredState> outcome =
        reader.environment(
            applied(EnvironmentResource.class, "Environment", spec),
            applied(ApplicationResource.class, "Application", APPLICATION_SPEC));

    assertNotNull(outcome.problems(), "the typo is kept, not pruned away");
    assertTrue(outcome.problems().startsWith("spec.hosts[0].role: "), outcome.problems());
  }

  /** The documents as a file-mode user writes them. */
  private static DesiredState fromFile() throws Exception {
    return DesiredStateLoader.parse(
        Path.of("capstan.yaml"),
        document("Application", "bb", APPLICATION_SPEC)
            + "---\n"
            + document("Environment", "bb-prod", ENVIRONMENT_SPEC));
  }

  /** The resource as {@code kubectl apply -f} would send it, stored and read back. */
  private <T extends HasMetadata> T applied(Class<T> type, String kind, String spec) {
    T resource = client.getKubernetesSerialization().unmarshal(resourceText(kind, spec), type);
    client.resource(resource).create();
    return client.resources(type).inNamespace(NAMESPACE).withName(name(kind)).get();
  }

  /** The document of {@code kind} as a resource file: namespaced. */
  private static String resourceText(String kind, String spec) {
    String name = name(kind);
    return document(kind, name, spec)
        .replace(
            "metadata: {name: " + name + "}",
            "metadata: {name: " + name + ", namespace: " + NAMESPACE + "}");
  }

  private static String name(String kind) {
    return kind.equals("Application") ? "bb" : "bb-prod";
  }

  private static String specOf(String kind) {
    return kind.equals("Application") ? APPLICATION_SPEC : ENVIRONMENT_SPEC;
  }

  private static String document(String kind, String name, String spec) {
    return "apiVersion: capstan.dev/v1alpha1\nkind: "
        + kind
        + "\nmetadata: {name: "
        + name
        + "}\n"
        + spec;
  }
}
