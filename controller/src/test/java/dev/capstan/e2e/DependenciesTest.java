package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FileRuntime;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.PackageIndex;
import dev.capstan.testing.PrometheusText;
import dev.capstan.testing.RequiredTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan deps} and the controller's dependency checks on a real OpenSSH host: an app built
 * with {@code demolib==1.0.0} from a local PEP 503 index that also offers 1.0.1 and 2.0.0, and one
 * OSV record saying 1.0.1 fixes it. The command exits 3 naming the advisory, its alias and the fix;
 * the controller's status, condition and metrics say so; a release built before packages were
 * recorded is unknown, not a failure.
 */
class DependenciesTest {

  private static final String MOUNT = "/srv/capstan-deps";
  private static final String ADVISORY = "PYSEC-2026-1";
  private static final String ALIAS = "CVE-2026-0001";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private static PackageIndex index;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void serveIndex() throws Exception {
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "ensurepip", "python3-venv");
    index =
        PackageIndex.in(fleet.work().resolve("index"))
            .add("demolib", "1.0.0")
            .add("demolib", "1.0.1")
            .add("demolib", "2.0.0")
            .serve();
  }

  @AfterAll
  static void stopIndex() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void aVulnerableLiveReleaseIsNamedByDepsStatusConditionAndMetrics() throws Exception {
    Path advisories =
        dev.capstan.testing.OsvRecords.write(
            fleet.work().resolve("advisories"),
            ADVISORY,
            ALIAS,
            "demolib",
            "1.0.1",
            "demolib runs what it is sent");
    fleet.repo().write("app/requirements.txt", "demolib==1.0.0\n").write("app/version.txt", "1\n");
    writeDesiredState(fleet.repo().commit("demolib 1.0.0"));
    CliRun apply = fleet.apply();
    assertEquals(0, apply.exitCode(), apply.all());

    CliRun deps = fleet.capstan("deps", "--env", "test");
    System.out.println("$ capstan deps --env test\n" + deps.out() + deps.err());
    assertEquals(3, deps.exitCode(), deps.all());
    String demolibLine =
        deps.out().lines().filter(l -> l.strip().startsWith("demolib ")).findFirst().orElseThrow();
    assertTrue(demolibLine.contains("1.0.0"), demolibLine);
    assertTrue(demolibLine.contains("2.0.0"), "newest in the index: " + demolibLine);
    assertTrue(
        demolibLine.contains(ADVISORY + " (" + ALIAS + ") fixed in 1.0.1"),
        "advisory, alias and fix: " + demolibLine);
    assertTrue(deps.out().contains("host " + fleet.hosts().address(0)), deps.out());
    assertTrue(deps.out().contains("1 vulnerable"), deps.out());

    CliRun asJson = fleet.capstan("deps", "--env", "test", "-o", "json");
    assertEquals(3, asJson.exitCode(), asJson.all());
    JsonNode root = json.readTree(asJson.out());
    assertEquals(1, root.path("vulnerable").asInt(), asJson.out());
    JsonNode demolib = root.at("/releases/0/packages/0");
    assertEquals("demolib", demolib.path("name").asText(), asJson.out());
    assertEquals("2.0.0", demolib.path("newest").asText());
    assertEquals(ADVISORY, demolib.at("/advisories/0/id").asText());
    assertEquals(ALIAS, demolib.at("/advisories/0/aliases/0").asText());
    assertEquals("1.0.1", demolib.at("/advisories/0/fixedIn").asText());

    try (FileRuntime runtime = FileRuntime.start(fleet.controllerConfig())) {
      Path status = runtime.stateDir().resolve("test.json");
      Eventually.await(
          Duration.ofSeconds(120),
          "the controller's status shows the dependency check",
          () ->
              Files.exists(status)
                  && !json.readTree(status.toFile()).path("dependencies").isMissingNode()
                  && !json.readTree(status.toFile()).path("dependencies").isNull());
      JsonNode recorded = json.readTree(status.toFile());
      System.out.println("status dependencies: " + recorded.path("dependencies"));
      JsonNode dependencies = recorded.path("dependencies");
      assertEquals(1, dependencies.path("vulnerable").asInt(), recorded.toString());
      assertEquals(1, dependencies.path("outdated").asInt(), recorded.toString());
      assertEquals(1, dependencies.path("advisories").asInt());
      assertTrue(dependencies.path("advisoriesDigest").asText().startsWith("sha256:"));
      assertFalse(dependencies.path("checkedAt").asText().isEmpty());
      JsonNode vulnerable = null;
      for (JsonNode condition : recorded.path("conditions")) {
        if (condition.path("type").asText().equals("Vulnerable")) {
          vulnerable = condition;
        }
      }
      assertTrue(vulnerable != null, "a Vulnerable condition: " + recorded.path("conditions"));
      assertEquals("True", vulnerable.path("status").asText());
      assertEquals("Vulnerable", vulnerable.path("reason").asText());
      assertTrue(vulnerable.path("message").asText().contains(ADVISORY), vulnerable.toString());
      assertTrue(vulnerable.path("message").asText().contains("demolib 1.0.0"));

      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + runtime.port());
      PrometheusText metrics =
          PrometheusText.parse(
              http.send(
                      HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertEquals(1.0, metrics.value("capstan_vulnerable_packages", "environment", "test"));
      assertEquals(1.0, metrics.value("capstan_outdated_packages", "environment", "test"));
      String page =
          http.send(
                  HttpRequest.newBuilder(base.resolve("/")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(page.contains("Known vulnerabilities in live releases"), page);
      assertTrue(page.contains(ALIAS), "the status page names the alias");
    }

    Path current = fleet.deployDir(0).resolve("current").toRealPath();
    Files.delete(current.resolve(".capstan/packages.json"));
    CliRun unknown = fleet.capstan("deps", "--env", "test");
    System.out.println("$ capstan deps --env test  # packages.json removed\n" + unknown.out());
    assertEquals(0, unknown.exitCode(), unknown.all());
    assertTrue(
        unknown.out().contains("inventory unknown: built before Capstan recorded packages"),
        unknown.out());
  }

  private void writeDesiredState(String revision) throws Exception {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: pyapp}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt}",
        "  env: {PIP_INDEX_URL: \"" + index.url() + "\"}",
        "  healthCheck: {command: \"venv/bin/python -c 'import demolib'\", timeoutSeconds: 10,"
            + " retries: 0}",
        "  upkeep: {index: {url: \""
            + index.url()
            + "\"}, advisories: {dir: advisories},"
            + " interval: 1h}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: pyapp",
        "  revision: " + revision,
        "  hosts: [" + Fleet.yamlList(fleet.hosts().addresses()) + "]",
        fleet.sshYaml(),
        "");
  }
}
