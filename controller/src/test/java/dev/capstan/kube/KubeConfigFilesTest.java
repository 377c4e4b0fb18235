package dev.capstan.kube;

import static dev.capstan.kube.TestSecrets.base64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.Credentials.CredentialsException;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mode's config file contents ({@link KubeCredentials#configFiles}): a {@code secretRef}
 * is read from the Secret in the Environment's namespace, a missing Secret or key stalls the
 * Environment with a message that names them and never holds the content, and a changed Secret
 * requeues the Environment. Against fabric8's mock API server in CRUD mode.
 */
class KubeConfigFilesTest {

  private static final String NAMESPACE = "shop";
  private static final String ENV = NAMESPACE + "/prod";
  private static final String APP = NAMESPACE + "/bb";

  /** What must never leave the Secret but as a config file's content. */
  private static final String VALUE = "SECRET_KEY=kube-config-files-test-7f3a9c\n";

  private static final String OTHER = "BROKER=amqp://user:pw-kube-test-42@mq/\n";

  /** Held so the level sticks: the mock server logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  @TempDir Path tmp;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private SecretFiles files;
  private SecretReader secrets;
  private KubeCredentials credentials;

  @BeforeEach
  void start() {
    server = MockApi.started();
    client = server.createClient();
    files = new SecretFiles();
    secrets = new SecretReader(client, files);
    credentials = new KubeCredentials(secrets);
  }

  @AfterEach
  void stop() {
    files.close();
    client.close();
    server.destroy();
  }

  @Test
  void contentsComeFromTheSecretKeysAndFiles() throws Exception {
    secret("bb-config", Map.of("production.env", VALUE, "celery.env", OTHER));
    secret("bb-only", Map.of("whatever", OTHER));
    Files.createDirectories(tmp.resolve("secrets"));
    Files.writeString(tmp.resolve("secrets/local.py"), "DEBUG = False\n");
    State state =
        state(
            "  - {path: .env, source: {secretRef: {name: bb-config, key: production.env}}}",
            "  - {path: config/only.env, source: {secretRef: {name: bb-only}}}",
            "  - {path: settings/local.py, source: {file: secrets/local.py}}");

    Map<String, byte[]> contents = credentials.configFiles(state.application, state.environment);

    assertEquals(
        List.of(".env", "config/only.env", "settings/local.py"), List.copyOf(contents.keySet()));
    assertArrayEquals(bytes(VALUE), contents.get(".env"));
    assertArrayEquals(bytes(OTHER), contents.get("config/only.env"));
    assertArrayEquals(bytes("DEBUG = False\n"), contents.get("settings/local.py"));
    assertNull(secrets.stalled().of(ENV, APP), "nothing stalls");
    try (var written = Files.list(files.dir())) {
      assertEquals(0, written.count(), "handed on in memory, not left on the controller's disk");
    }
  }

  @Test
  void aMissingKeyStallsNamingTheSecretAndKeyNotAValue() throws Exception {
    secret("bb-config", Map.of("staging.env", VALUE, "celery.env", OTHER));
    State state =
        state("  - {path: .env, source: {secretRef: {name: bb-config, key: production.env}}}");

    CredentialsException e =
        assertThrows(
            CredentialsException.class,
            () -> credentials.configFiles(state.application, state.environment));

    assertEquals(
        "Application shop/bb: spec.configFiles[.env].source.secretRef: Secret \"bb-config\" in"
            + " namespace \"shop\" has no key \"production.env\" (its keys: celery.env,"
            + " staging.env)",
        e.getMessage());
    assertEquals(e.getMessage(), secrets.stalled().of(ENV, APP), "the Environment is stalled");
    assertHoldsNoValue(e.getMessage());
  }

  @Test
  void aMissingSecretStallsUntilItIsCreated() throws Exception {
    State state =
        state("  - {path: .env, source: {secretRef: {name: bb-config, key: production.env}}}");

    CredentialsException e =
        assertThrows(
            CredentialsException.class,
            () -> credentials.configFiles(state.application, state.environment));
    assertTrue(
        e.getMessage().contains("Secret \"bb-config\" not found in namespace \"shop\""),
        e.getMessage());
    assertEquals(e.getMessage(), secrets.stalled().of(ENV, APP));

    secret("bb-config", Map.of("production.env", VALUE));
    assertArrayEquals(
        bytes(VALUE), credentials.configFiles(state.application, state.environment).get(".env"));
    assertNull(secrets.stalled().of(ENV, APP), "the stall is lifted once the Secret reads");
  }

  @Test
  void theSshSecretsReadWellDoNotLiftAConfigFileStall() throws Exception {
    State state =
        state("  - {path: .env, source: {secretRef: {name: bb-config, key: production.env}}}");
    assertThrows(
        CredentialsException.class,
        () -> credentials.configFiles(state.application, state.environment));

    // What ssh() does first on every pass; the config file's Secret is still missing.
    secrets.stalled().environment(ENV, null);

    assertTrue(secrets.stalled().of(ENV, APP).contains("bb-config"));
  }

  @Test
  void aChangedConfigSecretRequeuesTheEnvironment() throws Exception {
    secret("bb-config", Map.of("production.env", VALUE));
    State state =
        state("  - {path: .env, source: {secretRef: {name: bb-config, key: production.env}}}");
    List<String> requeued = new ArrayList<>();
    SecretWatch watch =
        new SecretWatch(secrets, (env, trigger) -> requeued.add(env + " " + trigger));
    watch.desiredState(state.desired);
    watch.poll();

    client
        .secrets()
        .inNamespace(NAMESPACE)
        .withName("bb-config")
        .edit(s -> new SecretBuilder(s).addToData("production.env", base64(OTHER)).build());
    watch.poll();

    assertEquals(List.of(ENV + " secret-change"), requeued);
  }

  private static void assertHoldsNoValue(String text) {
    for (String value : List.of(VALUE, OTHER)) {
      assertFalse(text.contains(value.strip()), "holds a Secret's value: " + text);
      assertFalse(text.contains(base64(value)), "holds a Secret's value, base64: " + text);
    }
  }

  /** The Application and Environment as the assembler hands them on: keys {@code ns/name}. */
  private record State(Application application, Environment environment, DesiredState desired) {}

  private State state(String... configFiles) throws Exception {
    String text =
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: bb}",
            "spec:",
            "  repository: {url: \"https://git.example.com/bb.git\"}",
            "  deployPath: /srv/bb",
            "  configFiles:",
            String.join("\n", configFiles),
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: prod}",
            "spec:",
            "  application: bb",
            "  revision: main",
            "  hosts: [\"deploy@web1.example.com\"]",
            "  ssh:",
            "    privateKey: {secretRef: {name: deploy-key, key: id_ed25519}}",
            "    knownHosts: {secretRef: {name: deploy-key, key: known_hosts}}",
            "");
    DesiredState parsed = DesiredStateLoader.parse(tmp.resolve("capstan.yaml"), text);
    Application app = parsed.applications().get("bb");
    Environment env = parsed.environments().get("prod");
    Application application = new Application(APP, app.spec(), app.baseDir());
    Environment environment = new Environment(ENV, env.spec().withApplication(APP), env.baseDir());
    return new State(
        application,
        environment,
        new DesiredState(Map.of(APP, application), Map.of(ENV, environment)));
  }

  private void secret(String name, Map<String, String> data) {
    TestSecrets.create(client, NAMESPACE, name, data);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
