package dev.capstan.kube;

import static dev.capstan.kube.KubeTestBed.CONVERGE;
import static dev.capstan.kube.TestSecrets.base64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.kube.crd.EnvironmentResourceStatus.Phase;
import dev.capstan.testing.Eventually;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's engine writes an Application's {@code configFiles} from a Secret into every
 * host's {@code shared/} (mode 0600), rewrites them when the Secret changes, and stalls the
 * Environment (Progressing=False, SecretMissing) when the key goes away: all against fabric8's mock
 * API server (CRUD mode), a real controller runtime and two real OpenSSH hosts. At every step no
 * value the Secret held (nor its base64) is in a log line, an Event or the Environment's status.
 * The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class KubeConfigFilesEngineTest {

  private static final String APP = "bb";
  private static final String ENV = "bb-production";
  private static final String SECRET = "bb-config";
  private static final String KEY = "production.env";

  /** The mock API server's own loggers: at DEBUG they print what it stores, Secrets included. */
  private static final String MOCK_SERVER = "io.fabric8.kubernetes.client.server.mock";

  @TempDir static Path work;
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level levelBefore;
  private KubeTestBed bed;
  private KubernetesRuntime runtime;

  /** Every content the Secret held so far: none may show anywhere but in the file. */
  private final List<String> values = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    levelBefore = root.getLevel();
    root.setLevel(Level.DEBUG);
    lines.start();
    root.addAppender(lines);
    bed = new KubeTestBed(work, "/srv/capstan-kube-config");
    String commit = bed.commitApp("v1", KubeTestBed.HEALTHY);
    bed.createSshSecret("deploy-key");
    values.add(content());
    secret(Map.of(KEY, values.get(0)));
    bed.apply(applicationYaml());
    bed.apply(bed.environmentYaml(ENV, APP, commit, "deploy-key"));
    runtime = bed.start("solo");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (runtime != null) {
        runtime.close();
      }
      if (bed != null) {
        bed.close();
      }
    } finally {
      root.detachAppender(lines);
      root.setLevel(levelBefore);
    }
  }

  @Test
  @Order(1)
  void theSecretIsWrittenToEveryHostAndTheBuildReadsIt() throws Exception {
    awaitFiles(values.get(0));
    Eventually.await(
        CONVERGE,
        "Ready=True, 2/2",
        () -> {
          EnvironmentResourceStatus status = bed.status(ENV);
          return status != null
              && status.phase() == Phase.Ready
              && "2/2".equals(status.readyHosts())
              && condition(status, "Ready")
                  .map(c -> c.status() == ConditionEntry.Status.True)
                  .orElse(false);
        });
    for (int i = 0; i < 2; i++) {
      assertEquals(
          "set\n",
          Files.readString(bed.deployDir(i, APP).resolve("current/token.txt")),
          "host " + i + ": the build step read TOKEN from the env file");
    }
    assertTrue(
        List.copyOf(lines.list).stream()
            .filter(line -> line.getLoggerName().startsWith(MOCK_SERVER))
            .anyMatch(line -> line.getFormattedMessage().contains(base64(values.get(0)))),
        "the capture would see a leak: the mock API server's own lines hold the Secret's data");
    assertNothingHoldsAValue();
  }

  @Test
  @Order(2)
  void anEditedSecretIsWrittenAgainOnEveryHost() throws Exception {
    values.add(content());
    bed.client
        .secrets()
        .inNamespace(KubeTestBed.NAMESPACE)
        .withName(SECRET)
        .edit(s -> withData(s, Map.of(KEY, values.get(1))));
    awaitFiles(values.get(1));
    assertNothingHoldsAValue();
  }

  @Test
  @Order(3)
  void aRenamedKeyStallsTheEnvironmentNamingSecretAndKey() throws Exception {
    bed.client
        .secrets()
        .inNamespace(KubeTestBed.NAMESPACE)
        .withName(SECRET)
        .edit(s -> withData(s, Map.of(KEY + ".renamed", values.get(1))));
    Eventually.await(
        CONVERGE,
        "Progressing=False, reason SecretMissing, naming Secret and key",
        () ->
            condition(bed.status(ENV), "Progressing")
                .map(
                    c ->
                        c.status() == ConditionEntry.Status.False
                            && c.reason().equals(StalledSecrets.REASON)
                            && c.message().contains("\"" + SECRET + "\"")
                            && c.message().contains("\"" + KEY + "\""))
                .orElse(false));
    // Stalled, not undone: the last written file stays as it was.
    for (int i = 0; i < 2; i++) {
      assertEquals(values.get(1), Files.readString(envFile(i)), "host " + i);
    }
    assertNothingHoldsAValue();
  }

  private void awaitFiles(String value) {
    Eventually.await(
        CONVERGE,
        "shared/.env holds the Secret's value, mode 0600, on both hosts",
        () -> {
          for (int i = 0; i < 2; i++) {
            Path file = envFile(i);
            if (!Files.isRegularFile(file)
                || !value.equals(Files.readString(file))
                || !"rw-------"
                    .equals(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))) {
              return false;
            }
          }
          return true;
        });
  }

  private void assertNothingHoldsAValue() {
    String log = logged();
    String events = events();
    String status = bed.client.getKubernetesSerialization().asYaml(bed.status(ENV));
    assertFalse(log.isEmpty(), "log lines were captured");
    assertFalse(events.isEmpty(), "Events were recorded");
    for (String value : values) {
      for (String form : forms(value)) {
        assertFalse(log.contains(form), "a log line holds " + form + ":\n" + log);
        assertFalse(events.contains(form), "an Event holds " + form + ":\n" + events);
        assertFalse(status.contains(form), "the status holds " + form + ":\n" + status);
      }
    }
  }

  /** The content, its token, and their base64 (what a Secret's {@code data} holds). */
  private static List<String> forms(String value) {
    String token = value.strip().substring("TOKEN=".length());
    return List.of(value.strip(), token, base64(value), base64(token));
  }

  /** The controller's log lines (the mock API server's left out: it stands for the cluster). */
  private String logged() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent line : List.copyOf(lines.list)) {
      if (line.getLoggerName().startsWith(MOCK_SERVER)) {
        continue;
      }
      all.append(line.getLoggerName()).append(' ').append(line.getFormattedMessage()).append('\n');
      line.getMDCPropertyMap().forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
      for (IThrowableProxy t = line.getThrowableProxy(); t != null; t = t.getCause()) {
        all.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
      }
    }
    return all.toString();
  }

  /** Every Event in the namespace, every field, as YAML. */
  private String events() {
    StringBuilder all = new StringBuilder();
    for (Event event :
        bed.client.v1().events().inNamespace(KubeTestBed.NAMESPACE).list().getItems()) {
      all.append(bed.client.getKubernetesSerialization().asYaml(event)).append('\n');
    }
    return all.toString();
  }

  private String applicationYaml() {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: " + APP + ", namespace: " + KubeTestBed.NAMESPACE + "}",
        "spec:",
        "  repository: {url: \"" + bed.repo.dir() + "\", subPath: app}",
        "  deployPath: " + bed.mount + "/" + APP,
        "  keepReleases: 3",
        "  shared: {dirs: [run]}",
        "  envFiles: [.env]",
        "  configFiles:",
        "  - {path: .env, source: {secretRef: {name: " + SECRET + ", key: " + KEY + "}}}",
        "  build: [\"test -n \\\"$TOKEN\\\" && echo set > token.txt\"]",
        "  activate: [\"sh activate.sh\"]",
        "  healthCheck: {command: \"sh health.sh\", timeoutSeconds: 5, retries: 1,"
            + " intervalSeconds: 0}",
        "");
  }

  private void secret(Map<String, String> data) {
    TestSecrets.create(bed.client, KubeTestBed.NAMESPACE, SECRET, data);
  }

  private static Secret withData(Secret secret, Map<String, String> data) {
    return new SecretBuilder(secret).withData(TestSecrets.data(data)).build();
  }

  private Path envFile(int host) {
    return bed.deployDir(host, APP).resolve("shared/.env");
  }

  private static String content() {
    return "TOKEN=" + UUID.randomUUID() + "\n";
  }

  private static Optional<ConditionEntry> condition(EnvironmentResourceStatus status, String type) {
    return KubernetesModeTest.condition(status, type);
  }
}
