package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FileRuntime;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Rollout;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.PrometheusText;
import dev.capstan.testing.RedisServer;
import dev.capstan.testing.RequiredTools;
import dev.capstan.testing.SshdHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller ({@code capstan run}'s file runtime, in-process, drift interval 2 s) keeps the
 * services of a real sshd host running as planned: a gunicorn master killed with SIGKILL, a Celery
 * worker stopped by hand and a gunicorn started by hand from an older release are each put right,
 * and status and metrics say why. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ServiceDriftTest {

  private static final String MOUNT = "/srv/capstan-svc-drift";
  private static final String DEPLOY = MOUNT + "/svc";
  private static final String ENV = "svc-test";
  private static final Duration CORRECTED = Duration.ofSeconds(45);

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private RedisServer redis;
  private FileRuntime runtime;
  private Path yaml;
  private int webPort;
  private String release1;
  private String release2;

  @BeforeAll
  void start() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("nsenter", "util-linux");
    redis = RedisServer.start(fleet.work().resolve("redis.log"));
    webPort = RequiredTools.freePort();
    yaml = fleet.work().resolve("desired/capstan.yaml");
    Files.createDirectories(yaml.getParent());
    save(desiredState(commit("1")));
    runtime =
        FileRuntime.start(
            new FileRuntime.Config(
                yaml,
                fleet.work().resolve("state"),
                "127.0.0.1:0",
                2,
                null,
                new RepositoryMirrors(fleet.work().resolve("cache")),
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
    try {
      if (runtime != null) {
        runtime.close(Duration.ofSeconds(5));
      }
    } finally {
      try {
        ServiceHosts.shutdown(host(), DEPLOY);
      } finally {
        if (redis != null) {
          redis.close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void runsBothServicesOfTheLiveRelease() throws Exception {
    release1 = awaitServicesOf("version=1");
    save(desiredState(commit("2")));
    release2 = awaitServicesOf("version=2");
    assertTrue(!release1.equals(release2));
    assertTrue(Files.isDirectory(deployDir().resolve("releases/" + release1)), "release 1 kept");
  }

  @Test
  @Order(2)
  void aKilledGunicornMasterRunsAgainAndIsReported() throws Exception {
    double before =
        corrections("service_down")
            + corrections("service_stale")
            + corrections("service_restarted");
    long master = mainPid("web:web_0");

    ServiceHosts.inHost(host(), List.of("kill", "-9", String.valueOf(master)));

    Eventually.await(
        CORRECTED,
        "web:web_0 runs again, with a new master, and the controller says so",
        () -> {
          long now = mainPid("web:web_0");
          return now > 0
              && now != master
              && servicesRunning(release2)
              && corrections("service_down")
                      + corrections("service_stale")
                      + corrections("service_restarted")
                  > before;
        });
    assertEquals("release=" + release2 + " version=2", get(webPort));
    // supervisord restarts a process that dies (autorestart) within about a second: the controller
    // either saw it down and started it, or sees the new master and reports the old one gone.
    String reason = statusJson().path("lastDriftReason").asText();
    assertTrue(
        reason.contains("web")
            && (reason.contains(String.valueOf(master)) || reason.contains("down")),
        reason);
    System.out.printf("killed gunicorn master: %s%n", reason);
  }

  @Test
  @Order(3)
  void aWorkerStoppedByHandIsStartedAgain() throws Exception {
    double before = corrections("service_down");
    ServiceHosts.Output stop = ServiceHosts.supervisorctl(host(), DEPLOY, "stop", "worker:*");
    assertEquals(0, stop.exitCode(), stop.text());

    long stopped = System.nanoTime();
    Eventually.await(
        CORRECTED,
        "the worker runs again and the correction is counted",
        () -> corrections("service_down") > before && servicesRunning(release2));
    System.out.printf(
        "measured: stopped worker started again after %d ms%n",
        (System.nanoTime() - stopped) / 1_000_000);
    assertTrue(
        statusJson().path("lastDriftReason").asText().contains("worker"),
        statusJson().toPrettyString());
    assertTrue(status().contains("service worker was down; started"), status());
  }

  @Test
  @Order(4)
  void aGunicornOfAnOlderReleaseIsRestartedOnTheLiveOne() throws Exception {
    double before = corrections("service_stale") + corrections("service_down");
    Path launcher = deployDir().resolve(".capstan/supervisor/launch/web.sh");
    String live = Files.readString(launcher);
    assertTrue(live.contains(release2), live);
    Files.writeString(launcher, live.replace(release2, release1));
    ServiceHosts.Output restart =
        ServiceHosts.supervisorctl(host(), DEPLOY, "restart", "web:web_0");
    assertEquals(0, restart.exitCode(), restart.text());
    long restarted = System.nanoTime();

    Eventually.await(
        CORRECTED,
        "the stale gunicorn is restarted on release 2 and the correction is counted",
        () ->
            corrections("service_stale") + corrections("service_down") > before
                && servicesRunning(release2));
    System.out.printf(
        "measured: stale gunicorn restarted after %d ms%n",
        (System.nanoTime() - restarted) / 1_000_000);
    assertEquals(live, Files.readString(launcher), "the launcher is written again");
    for (int i = 0; i < 10; i++) {
      assertEquals("release=" + release2 + " version=2", get(webPort));
    }
    // A pass during the hand restart (about a second) sees web Down rather than Stale: both are
    // corrected by a restart with the live launcher, counted under their own reason.
    System.out.printf("stale gunicorn corrected as: %s%n", statusJson().path("lastDriftReason"));
  }

  /** Waits until both services run the release whose answer contains {@code version}. */
  private String awaitServicesOf(String version) throws Exception {
    Eventually.await(
        Duration.ofSeconds(120),
        "web answers " + version,
        () -> {
          try {
            return get(webPort).contains(version);
          } catch (IOException e) {
            return false;
          }
        });
    String release =
        Files.readSymbolicLink(deployDir().resolve("current")).getFileName().toString();
    Eventually.await(
        Duration.ofSeconds(60), "both services run " + release, () -> servicesRunning(release));
    return release;
  }

  /** Whether /status shows web and worker Running the release, as the status file does. */
  private boolean servicesRunning(String release) throws Exception {
    JsonNode served = json.readTree(getPath("/status")).at("/environments/0/hosts/0/services");
    JsonNode recorded = statusJson().path("services");
    return running(served, release) && running(recorded, release);
  }

  private static boolean running(JsonNode services, String release) {
    if (!services.isArray() || services.size() != 2) {
      return false;
    }
    for (JsonNode service : services) {
      if (!service.path("state").asText().equals("Running")
          || !service.path("release").asText().equals(release)) {
        return false;
      }
    }
    return true;
  }

  private double corrections(String reason) throws Exception {
    PrometheusText metrics = PrometheusText.parse(getPath("/metrics"));
    return metrics.samples("capstan_drift_corrections_total").stream()
        .filter(s -> ENV.equals(s.label("environment")) && reason.equals(s.label("reason")))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  /** The pid supervisord reports for a process, 0 when it runs none. */
  private long mainPid(String process) {
    String line = ServiceHosts.supervisorctl(host(), DEPLOY, "status", process).text().strip();
    java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid (\\d+)").matcher(line);
    return line.contains("RUNNING") && pid.find() ? Long.parseLong(pid.group(1)) : 0;
  }

  private JsonNode statusJson() throws IOException {
    Path file = runtime.stateDir().resolve(ENV + ".json");
    return Files.exists(file)
        ? json.readTree(Files.readString(file)).at("/hosts/0")
        : json.createObjectNode();
  }

  private String status() throws Exception {
    return getPath("/status");
  }

  private String getPath(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + runtime.port() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String get(int port) throws IOException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
              .timeout(Duration.ofSeconds(10))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private String commit(String version) {
    GitRepo repo = fleet.repo();
    return repo.write("app/wsgi.py", ServiceHosts.wsgi(version))
        .write("app/tasks.py", ServiceHosts.TASKS)
        .commit("v" + version);
  }

  private String desiredState(String revision) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: svc}",
        "spec:",
        "  repository: {url: ../repo, subPath: app}",
        "  deployPath: " + DEPLOY,
        "  keepReleases: 3",
        "  env: {BROKER_URL: \"" + redis.url() + "\", C_FORCE_ROOT: \"1\"}",
        "  supervisor: supervisord",
        "  services:",
        "    web: {gunicorn: {app: \"wsgi:app\", bind: \"127.0.0.1:" + webPort + "\", workers: 2}}",
        "    worker: {celery: {app: tasks, args: [worker, --loglevel=INFO, --concurrency=1]}}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: " + ENV + "}",
        "spec:",
        "  application: svc",
        "  revision: " + revision,
        "  hosts:",
        "  - {host: \"" + fleet.hosts().address(0) + "\", roles: [web, worker]}",
        fleet.sshYaml(),
        "  driftInterval: 2s",
        "");
  }

  /** Saves like an editor: a temp file renamed over the watched one. */
  private void save(String text) throws IOException {
    Path temporary = yaml.resolveSibling(".capstan.yaml.swp");
    Files.writeString(temporary, text);
    Files.move(
        temporary, yaml, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private SshdHost host() {
    return fleet.hosts().host(0);
  }

  private Path deployDir() {
    return host().hostDir().resolve("svc");
  }
}
