package dev.capstan.kube;

import static dev.capstan.kube.TestSecrets.base64;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.ConditionStatus;
import dev.capstan.reconcile.Credentials.CredentialsException;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.Reason;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A config file's Secret value reaches no status and no log line, as far as Kubernetes mode's own
 * parts go: reading it, stalling on a missing key, and writing the stalled Environment's status
 * (fabric8's mock API server, CRUD mode). The engine that writes the files to hosts is tested
 * apart.
 */
class ConfigFileSecrecyTest {

  private static final String NAMESPACE = "shop";
  private static final String ENV = NAMESPACE + "/prod";
  private static final String APP = NAMESPACE + "/bb";
  private static final String VALUE = "SECRET_KEY=secrecy-test-value-91e2\n";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  /** Held so the level sticks: the mock server logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** The mock API server's own loggers: at DEBUG they print what it stores, Secrets included. */
  private static final String MOCK_SERVER = "io.fabric8.kubernetes.client.server.mock";

  @TempDir Path tmp;
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level levelBefore;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private SecretFiles files;
  private SecretReader secrets;

  @BeforeEach
  void start() {
    levelBefore = root.getLevel();
    root.setLevel(Level.DEBUG);
    lines.start();
    root.addAppender(lines);
    server = MockApi.started();
    client = MockApi.withCrds(server);
    files = new SecretFiles();
    secrets = new SecretReader(client, files);
  }

  @AfterEach
  void stop() {
    files.close();
    client.close();
    server.destroy();
    root.detachAppender(lines);
    root.setLevel(levelBefore);
  }

  @Test
  void aStalledConfigFileShowsInStatusWithoutTheValue() throws Exception {
    // The value sits under another key than the one named: a typo in the spec.
    secret("bb-config", Map.of("production.env.bak", VALUE));
    createEnvironment();
    State state = state("production.env");
    KubeCredentials credentials = new KubeCredentials(secrets);

    CredentialsException e =
        assertThrows(
            CredentialsException.class,
            () -> credentials.configFiles(state.application(), state.environment()));
    statusStore().write(recorded(), state.environment());

    String status =
        client
            .getKubernetesSerialization()
            .asYaml(
                client
                    .resources(EnvironmentResource.class)
                    .inNamespace(NAMESPACE)
                    .withName("prod")
                    .get()
                    .getStatus());
    assertTrue(status.contains("SecretMissing"), status);
    assertTrue(status.contains("production.env"), "names the key: " + status);
    assertHoldsNoValue("the exception", e.getMessage());
    assertHoldsNoValue("the status", status);
    assertHoldsNoValue("the log", logged());
  }

  @Test
  void aConfigFileReadWellLogsNoValue() throws Exception {
    secret("bb-config", Map.of("production.env", VALUE));
    State state = state("production.env");

    new KubeCredentials(secrets).configFiles(state.application(), state.environment());

    assertHoldsNoValue("the log", logged());
  }

  private static void assertHoldsNoValue(String where, String text) {
    assertFalse(text.contains(VALUE.strip()), where + " holds the value: " + text);
    assertFalse(text.contains(base64(VALUE)), where + " holds the value, base64: " + text);
  }

  /** The controller's log lines (the mock API server's left out: it stands for the cluster). */
  private String logged() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent line : lines.list) {
      if (line.getLoggerName().startsWith(MOCK_SERVER)) {
        continue;
      }
      all.append(line.getLoggerName()).append(' ').append(line.getFormattedMessage()).append('\n');
      if (line.getThrowableProxy() != null) {
        all.append(line.getThrowableProxy().getMessage()).append('\n');
      }
    }
    return all.toString();
  }

  private KubeStatusStore statusStore() {
    return new KubeStatusStore(
        client,
        key ->
            client
                .resources(EnvironmentResource.class)
                .inNamespace(Keys.namespace(key))
                .withName(Keys.name(key))
                .get(),
        new DesiredStateAssembler(),
        secrets.stalled(),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static EnvironmentStatus recorded() {
    return new EnvironmentStatus(
        ENV,
        "main",
        null,
        null,
        List.of(
            new Condition(Condition.READY, ConditionStatus.False, Reason.Pending, "", NOW),
            new Condition(Condition.PROGRESSING, ConditionStatus.True, Reason.OutOfSync, "", NOW)),
        List.of(
            new HostStatus(
                "deploy@web1.example.com",
                null,
                null,
                HostState.Pending,
                Reason.Pending,
                null,
                null,
                null,
                null,
                null,
                0)),
        null,
        NOW);
  }

  private void createEnvironment() {
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    String.join(
                        "\n",
                        "apiVersion: capstan.dev/v1alpha1",
                        "kind: Environment",
                        "metadata: {name: prod, namespace: " + NAMESPACE + "}",
                        "spec: {application: bb, revision: main, hosts: [deploy@web1.example.com]}",
                        ""),
                    EnvironmentResource.class))
        .create();
  }

  /** The Application and Environment as the assembler hands them on: keys {@code ns/name}. */
  private record State(Application application, Environment environment) {}

  private State state(String key) throws Exception {
    DesiredState parsed =
        DesiredStateLoader.parse(
            tmp.resolve("capstan.yaml"),
            String.join(
                "\n",
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Application",
                "metadata: {name: bb}",
                "spec:",
                "  repository: {url: \"https://git.example.com/bb.git\"}",
                "  deployPath: /srv/bb",
                "  configFiles:",
                "  - {path: .env, source: {secretRef: {name: bb-config, key: " + key + "}}}",
                "---",
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Environment",
                "metadata: {name: prod}",
                "spec: {application: bb, revision: main, hosts: [deploy@web1.example.com]}",
                ""));
    Application app = parsed.applications().get("bb");
    Environment env = parsed.environments().get("prod");
    return new State(
        new Application(APP, app.spec(), app.baseDir()),
        new Environment(ENV, env.spec().withApplication(APP), env.baseDir()));
  }

  private void secret(String name, Map<String, String> data) {
    TestSecrets.create(client, NAMESPACE, name, data);
  }
}
