package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FileRuntime;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Rollout;
import dev.capstan.release.RevisionsLog;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.Processes;
import dev.capstan.testing.PrometheusText;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller in file mode, in-process, against two real OpenSSH hosts: it follows edits of the
 * watched file, corrects every kind of drift within a 1 s drift interval, keeps the last good
 * desired state through an invalid edit, follows a branch by polling and by webhook, and does not
 * retry a commit that failed. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ControllerTest {

  private static final String MOUNT = "/srv/capstan-controller";
  private static final String DEPLOY = MOUNT + "/tiny";
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String ACTIVATE =
      String.join(
          "\n",
          "set -eu",
          "pidfile=\"$CAPSTAN_DEPLOY_PATH/shared/run/service.pid\"",
          "if [ -f \"$pidfile\" ]; then kill \"$(cat \"$pidfile\")\" 2>/dev/null || true; fi",
          "setsid sleep 100000 > /dev/null 2>&1 < /dev/null &",
          "echo $! > \"$pidfile\"",
          "");
  private static final String HEALTHY =
      "kill -0 \"$(cat \"$CAPSTAN_DEPLOY_PATH/shared/run/service.pid\")\"\n";

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);
  private Path work;
  private SshdHosts hosts;
  private GitRepo repo;
  private Path yaml;
  private FileRuntime runtime;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private String commit1;

  @BeforeAll
  void start() throws IOException {
    work = fleet.work();
    hosts = fleet.hosts();
    repo = fleet.repo();
    for (int i = 0; i < 2; i++) {
      Files.createDirectories(deployDir(i).resolve("shared"));
      Files.writeString(deployDir(i).resolve("shared/.env"), "HOST=" + i + "\n");
    }
    commit1 = commitApp("v1", HEALTHY);
    yaml = work.resolve("desired/capstan.yaml");
    Files.createDirectories(yaml.getParent());
    save(desiredState(commit1, "1h"));
    runtime =
        FileRuntime.start(
            new FileRuntime.Config(
                yaml,
                work.resolve("state"),
                "127.0.0.1:0",
                2,
                null,
                new RepositoryMirrors(work.resolve("cache")),
                new Rollout.Settings(
                    "capstan-test@controller",
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    dev.capstan.release.HostDeployer.Timeouts.DEFAULT,
                    java.time.Clock.systemUTC()),
                Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2))));
  }

  @AfterAll
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close(Duration.ofSeconds(5));
    }
    for (int i = 0; hosts != null && i < hosts.size(); i++) {
      Processes.stopByPidFile(deployDir(i).resolve("shared/run/service.pid"));
    }
  }

  @Test
  @Order(1)
  void convergesEveryHostOnStart() {
    awaitLive(commit1);
    awaitReady();
  }

  @Test
  @Order(2)
  void editingTheRevisionInTheWatchedFileRollsItOut() throws Exception {
    String commit2 = commitApp("v2", HEALTHY);
    long saved = System.nanoTime();
    save(desiredState(commit2, "1h"));
    Eventually.await(
        CONVERGE,
        "host 0 starts building commit 2",
        () -> releases(0).stream().anyMatch(r -> r.endsWith(commit2.substring(0, 7))));
    long firstChange = System.nanoTime();
    awaitLive(commit2);
    long converged = System.nanoTime();
    // Figures for the notes; speed targets live in bench/, never in assertions.
    System.out.printf(
        "measured: save -> first host change %d ms, save -> converged %d ms%n",
        (firstChange - saved) / 1_000_000, (converged - saved) / 1_000_000);
  }

  @Test
  @Order(3)
  void correctsEveryKindOfDriftAndCountsIt() throws Exception {
    String live = liveRelease(0);
    Files.delete(deployDir(0).resolve("current"));
    awaitDriftCorrected(0, 1, "current was missing");

    String liveOnOne = liveRelease(1);
    String older = releases(1).stream().filter(r -> !r.equals(liveOnOne)).findFirst().orElseThrow();
    Path link = deployDir(1).resolve("current.tmp");
    Files.createSymbolicLink(link, Path.of("releases/" + older));
    Files.move(link, deployDir(1).resolve("current"), StandardCopyOption.ATOMIC_MOVE);
    awaitDriftCorrected(1, 1, "current pointed at releases/" + older);

    deleteRecursively(deployDir(0).resolve("releases/" + live));
    awaitDriftCorrected(0, 2, "built ");
    assertTrue(Files.isDirectory(deployDir(0).resolve("current/")), "rebuilt and live again");

    Files.delete(deployDir(1).resolve("current/.env"));
    awaitDriftCorrected(1, 2, "shared link missing (.env)");
    assertTrue(Files.isSymbolicLink(deployDir(1).resolve("current/.env")));

    long service =
        Long.parseLong(Files.readString(deployDir(0).resolve("shared/run/service.pid")).strip());
    ProcessHandle.of(service).ifPresent(ProcessHandle::destroyForcibly);
    awaitDriftCorrected(0, 3, "health check failed");
    long restarted =
        Long.parseLong(Files.readString(deployDir(0).resolve("shared/run/service.pid")).strip());
    assertTrue(
        restarted != service && ProcessHandle.of(restarted).isPresent(),
        "activate started the service again");

    PrometheusText metrics = PrometheusText.parse(get("/metrics"));
    for (String reason :
        List.of(
            "current_missing",
            "current_moved",
            "release_rebuilt",
            "shared_link_missing",
            "unhealthy")) {
      assertTrue(
          metrics.value(
                  "capstan_drift_corrections_total", "environment", "tiny-test", "reason", reason)
              >= 1,
          reason + " counted");
    }
  }

  @Test
  @Order(4)
  void anInvalidEditKeepsTheLastGoodStateInForce() throws Exception {
    String good = Files.readString(yaml);
    save(good.replace("keepReleases: 3", "keepReleases: 0"));
    Eventually.await(
        CONVERGE,
        "status shows the configuration error with its line",
        () ->
            environmentStatus()
                .path("configurationError")
                .asText("")
                .contains("capstan.yaml:7:17: spec.keepReleases: must be at least 1"));

    Files.delete(deployDir(0).resolve("current"));
    Eventually.await(
        CONVERGE,
        "drift is still corrected",
        () -> Files.isSymbolicLink(deployDir(0).resolve("current")));

    save(good);
    Eventually.await(
        CONVERGE,
        "fixing the file clears the error",
        () -> environmentStatus().path("configurationError").isNull());
  }

  @Test
  @Order(5)
  void metricsParseAndStatusMatchesTheCommandLine() throws Exception {
    awaitReady();
    PrometheusText metrics = PrometheusText.parse(get("/metrics"));
    assertTrue(
        metrics.value("capstan_reconcile_duration_seconds_count", "environment", "tiny-test") >= 1);
    assertTrue(metrics.value("capstan_deploys_total", "environment", "tiny-test") >= 2);

    JsonNode served = json.readTree(get("/status")).at("/environments/0/hosts");
    CliRun status =
        CliRun.run(
            "status",
            "-f",
            yaml.toString(),
            "-o",
            "json",
            "--cache-dir",
            work.resolve("cache-cli").toString(),
            "--state-dir",
            runtime.stateDir().toString());
    assertEquals(0, status.exitCode(), status.all());
    JsonNode observed = json.readTree(status.out()).at("/environments/0/hosts");
    assertTrue(
        observed.get(0).path("driftCorrections").asInt() >= 3,
        "status shows the controller's drift history: " + status.out());
    for (int i = 0; i < 2; i++) {
      for (String field : List.of("host", "release", "commit", "state")) {
        assertEquals(observed.get(i).path(field), served.get(i).path(field), field);
      }
    }
  }

  @Test
  @Order(6)
  void followsABranchByPolling() throws Exception {
    save(desiredState("main", "1s"));
    String next = commitApp("v3", HEALTHY);
    awaitLive(next);
  }

  @Test
  @Order(7)
  void followsABranchOnAPushNotification() throws Exception {
    save(desiredState("main", "1h"));
    awaitReady();
    String next = commitApp("v4", HEALTHY);
    HttpResponse<String> hook =
        http.send(
            HttpRequest.newBuilder(url("/hooks/git"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, hook.statusCode(), hook.body());
    awaitLive(next);
    // current moves first, then the switch is logged: the line may follow a moment later.
    Eventually.await(
        java.time.Duration.ofSeconds(10),
        "revisions.log records the switch to " + next,
        () -> next.equals(lastSwitch(0).commit()));
    RevisionsLog.Switch last = lastSwitch(0);
    String controller = "controller@" + InetAddress.getLocalHost().getHostName() + " (";
    assertTrue(
        last.by().startsWith(controller) && last.by().contains("push"),
        "revisions.log names the controller and what woke it: " + last.by());
  }

  @Test
  @Order(8)
  void aCommitThatFailsItsHealthCheckIsRolledBackAndNotRetriedUntilTheNext() throws Exception {
    String good = liveCommit(0);
    String bad = commitApp("v5", "exit 1\n");
    HttpRequest hook =
        HttpRequest.newBuilder(url("/hooks/git")).POST(HttpRequest.BodyPublishers.noBody()).build();
    http.send(hook, HttpResponse.BodyHandlers.ofString());
    Eventually.await(
        CONVERGE,
        "status says the health check failed",
        () ->
            environmentStatus().at("/hosts/0/state").asText().equals("Failed")
                || environmentStatus().at("/hosts/0/state").asText().equals("RolledBack"));
    assertEquals(good, liveCommit(0), "rolled back");
    assertTrue(
        lastSwitch(0).reason().startsWith("rolled back: "),
        "revisions.log says why: " + lastSwitch(0));
    String reconciled = environmentStatus().path("lastReconcile").asText();
    Eventually.await(
        CONVERGE,
        "the controller has looked again several times",
        () -> reconcilesSince(reconciled) >= 3);
    assertEquals(
        1,
        releases(0).stream().filter(r -> r.endsWith(bad.substring(0, 7))).count(),
        "the failed commit was built once, not again");
    assertEquals(good, liveCommit(0));

    String fixed = commitApp("v6", HEALTHY);
    http.send(hook, HttpResponse.BodyHandlers.ofString());
    awaitLive(fixed);
  }

  @Test
  @Order(9)
  void anEnvironmentWhoseHostIsDownDoesNotDelayTheOthers() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String down =
        String.join(
            "\n",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: elsewhere}",
            "spec:",
            "  repository: {url: ../repo, subPath: app}",
            "  deployPath: /srv/elsewhere",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: down-test}",
            "spec:",
            "  application: elsewhere",
            "  revision: main",
            "  hosts: [\"root@127.0.0.1:" + closedPort + "\"]",
            "  ssh:",
            "    privateKey: {file: " + hosts.privateKey() + "}",
            "    knownHosts: {file: " + hosts.knownHosts() + "}",
            "");
    save(desiredState("main", "1h") + down);
    Path downStatus = runtime.stateDir().resolve("down-test.json");
    Eventually.await(
        CONVERGE,
        "the other environment reports its host unreachable",
        () -> Files.exists(downStatus) && Files.readString(downStatus).contains("Unreachable"));

    String next = commitApp("v7", HEALTHY);
    long pushed = System.nanoTime();
    http.send(
        HttpRequest.newBuilder(url("/hooks/git")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    awaitLive(next);
    System.out.printf(
        "measured: push -> converged with another environment down: %d ms%n",
        (System.nanoTime() - pushed) / 1_000_000);
    assertTrue(Files.readString(downStatus).contains("Unreachable"));
  }

  private int reconcileCounter = 0;
  private String lastSeenReconcile = "";

  /** Counts distinct lastReconcile stamps seen since {@code since}. */
  private int reconcilesSince(String since) throws IOException {
    String now = environmentStatus().path("lastReconcile").asText();
    if (!now.equals(since) && !now.equals(lastSeenReconcile)) {
      lastSeenReconcile = now;
      reconcileCounter++;
    }
    return reconcileCounter;
  }

  private void awaitDriftCorrected(int host, int corrections, String reason) {
    Eventually.await(
        CONVERGE,
        "host " + host + " drift corrected: " + reason,
        () -> {
          JsonNode status = environmentStatus().at("/hosts/" + host);
          return status.path("driftCorrections").asInt() >= corrections
              && status.path("lastDriftReason").asText().contains(reason)
              && status.path("state").asText().equals("Ready");
        });
  }

  private void awaitLive(String commit) {
    for (int i = 0; i < 2; i++) {
      int host = i;
      Eventually.await(
          CONVERGE, "host " + host + " runs " + commit, () -> commit.equals(liveCommit(host)));
    }
  }

  private void awaitReady() {
    Eventually.await(
        CONVERGE,
        "Ready=True",
        () -> environmentStatus().at("/conditions/0/status").asText().equals("True"));
  }

  private JsonNode environmentStatus() throws IOException {
    Path file = runtime.stateDir().resolve("tiny-test.json");
    return Files.exists(file) ? json.readTree(Files.readString(file)) : json.createObjectNode();
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + runtime.port() + path);
  }

  private String commitApp(String version, String health) {
    return repo.write("app/version.txt", version + "\n")
        .write("app/activate.sh", ACTIVATE)
        .write("app/health.sh", health)
        .commit(version);
  }

  /** Saves like an editor: a temp file renamed over the watched one. */
  private void save(String text) throws IOException {
    Path temporary = yaml.resolveSibling(".capstan.yaml.swp");
    Files.writeString(temporary, text);
    Files.move(
        temporary, yaml, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private String desiredState(String revision, String pollInterval) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: ../repo, subPath: app, pollInterval: " + pollInterval + "}",
        "  deployPath: " + DEPLOY,
        "  keepReleases: 3",
        "  shared: {files: [.env], dirs: [run]}",
        "  activate: [\"sh activate.sh\"]",
        "  healthCheck: {command: \"sh health.sh\", timeoutSeconds: 5, retries: 1, intervalSeconds: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: tiny-test}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  hosts: [\"" + hosts.address(0) + "\", \"" + hosts.address(1) + "\"]",
        "  ssh:",
        "    privateKey: {file: " + hosts.privateKey() + "}",
        "    knownHosts: {file: " + hosts.knownHosts() + "}",
        "  rollout: {maxParallel: 2}",
        "  driftInterval: 1s",
        "");
  }

  /** The last switch {@code revisions.log} records on a host. */
  private RevisionsLog.Switch lastSwitch(int host) throws IOException {
    List<String> lines = Files.readAllLines(deployDir(host).resolve("revisions.log"));
    return RevisionsLog.parse(lines.get(lines.size() - 1)).orElseThrow();
  }

  private Path deployDir(int host) {
    return hosts.host(host).hostDir().resolve("tiny");
  }

  private String liveRelease(int host) throws IOException {
    return Files.readSymbolicLink(deployDir(host).resolve("current")).getFileName().toString();
  }

  private String liveCommit(int host) throws IOException {
    Path revision = deployDir(host).resolve("current/REVISION");
    return Files.exists(revision) ? Files.readString(revision).strip() : null;
  }

  private List<String> releases(int host) throws IOException {
    Path dir = deployDir(host).resolve("releases");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return new ArrayList<>(list.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    }
  }
}
