package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.testing.CapstanProcess;
import dev.capstan.testing.Chromium;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.SshdHosts;
import dev.capstan.testing.TinyApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: {@code capstan run} deploys two Environments to three sshd
 * hosts, one of them then rolls out a commit whose health check fails, and headless Chromium loads
 * {@code GET /}: its text shows both Environments, every host with its release, and why the rollout
 * failed; its screenshot is kept at {@code target/status-page.png}.
 */
class StatusPageBrowserTest {

  private static final String MOUNT = "/srv/capstan-status-page";
  private static final Pattern PORT = Pattern.compile("\\(port (\\d+)\\)");
  private static final Path SCREENSHOT = Path.of("target", "status-page.png");
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;
  private SshdHosts hosts;
  private GitRepo repo;
  private Path yaml;
  private Process controller;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    hosts = SshdHosts.builder().count(3).bindAt(MOUNT).start();
    repo = GitRepo.init(work.resolve("repo"));
    yaml = work.resolve("capstan.yaml");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (controller != null) {
      controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    hosts.close();
    repo.close();
  }

  @Test
  void chromiumShowsEveryEnvironmentHostReleaseAndTheFailedRolloutsReason() throws Exception {
    Chromium chromium = Chromium.in(work.resolve("chromium"));
    String good = repo.write("app/version.txt", "good\n").commit("a good commit");
    String bad = repo.write("app/version.txt", "bad\n").commit("a commit that fails its check");
    Files.writeString(yaml, desiredState(good, good));
    int port = startController();
    String base = "http://127.0.0.1:" + port;
    Eventually.await(
        Duration.ofSeconds(120),
        "both environments converged on the good commit",
        () ->
            environment(base, "shop-prod").path("commit").asText().equals(good)
                && environment(base, "shop-staging").path("commit").asText().equals(good));

    Files.writeString(yaml, desiredState(good, bad));
    Eventually.await(
        Duration.ofSeconds(120),
        "staging's rollout of the bad commit failed and was held back",
        () -> environment(base, "shop-staging").path("failedCommit").asText().equals(bad));
    JsonNode staging = environment(base, "shop-staging");
    String reason = condition(staging, "Degraded").path("message").asText();
    assertTrue(reason.contains("health check"), "the reason names the health check: " + reason);

    HttpResponse<String> page = get(base + "/");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));

    String text = Chromium.text(chromium.dumpDom(base + "/"));
    System.out.println("status page text: " + text);
    for (String name : List.of("shop-prod", "shop-staging")) {
      assertTrue(text.contains(name), name + " is shown: " + text);
      for (JsonNode host : environment(base, name).path("hosts")) {
        assertTrue(text.contains(host.path("host").asText()), host + " is shown: " + text);
        String release = host.path("release").asText();
        assertTrue(!release.isEmpty() && text.contains(release), release + " is shown: " + text);
      }
    }
    assertEquals(
        3,
        List.of(hosts.address(0), hosts.address(1), hosts.address(2)).stream()
            .map(Object::toString)
            .filter(text::contains)
            .count(),
        "every host: " + text);
    assertTrue(text.contains("shop-staging Degraded"), "staging's phase: " + text);
    assertTrue(text.contains("shop-prod Ready"), "prod's phase: " + text);
    assertTrue(text.contains(reason), "the failed rollout's reason '" + reason + "': " + text);

    chromium.screenshot(base + "/", SCREENSHOT, 1280, 1600);
    byte[] png = Files.readAllBytes(SCREENSHOT);
    assertArrayEquals(PNG, Arrays.copyOf(png, PNG.length), "a PNG");
    assertTrue(png.length > 20_000, "a screenshot with content, not a blank: " + png.length);
    System.out.println("status page screenshot: " + SCREENSHOT.toAbsolutePath());
  }

  /** Application tiny; shop-prod on the first two hosts, shop-staging on the third. */
  private String desiredState(String prodRevision, String stagingRevision) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + MOUNT + "/tiny",
        "  build: [" + TinyApp.quoted("true") + "]",
        "  healthCheck: {command: \"grep -q good version.txt\", timeoutSeconds: 5, retries: 0}",
        environment("shop-prod", prodRevision, 0, 1),
        environment("shop-staging", stagingRevision, 2),
        "");
  }

  private String environment(String name, String revision, int... hostIndexes) {
    String addresses =
        String.join(
            ", ",
            Arrays.stream(hostIndexes).mapToObj(i -> "\"" + hosts.address(i) + "\"").toList());
    return String.join(
        "\n",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: " + name + "}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  hosts: [" + addresses + "]",
        "  ssh:",
        "    privateKey: {file: " + hosts.privateKey() + "}",
        "    knownHosts: {file: " + hosts.knownHosts() + "}");
  }

  private int startController() throws IOException {
    controller =
        CapstanProcess.start(
                List.of(),
                "run",
                "-f",
                yaml.toString(),
                "--listen",
                "127.0.0.1:0",
                "--state-dir",
                work.resolve("state").toString(),
                "--cache-dir",
                work.resolve("cache").toString())
            .directory(work.toFile())
            .redirectOutput(work.resolve("controller.out").toFile())
            .start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> readPort(controller, port), "controller-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the controller did not start: " + e, e);
    }
  }

  /** Reads the controller's stderr for its port, then keeps draining it so it never blocks. */
  private static void readPort(Process process, CompletableFuture<Integer> port) {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        System.out.println("controller: " + line);
        Matcher matcher = PORT.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.parseInt(matcher.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }

  /** The Environment's entry in {@code GET /status}; a missing node when not there yet. */
  private JsonNode environment(String base, String name) throws IOException, InterruptedException {
    for (JsonNode env : JSON.readTree(get(base + "/status").body()).path("environments")) {
      if (env.path("name").asText().equals(name)) {
        return env;
      }
    }
    return JSON.missingNode();
  }

  private static JsonNode condition(JsonNode environment, String type) {
    for (JsonNode condition : environment.path("conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return JSON.missingNode();
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
