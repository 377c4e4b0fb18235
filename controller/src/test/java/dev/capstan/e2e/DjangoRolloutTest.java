package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.services.SupervisordFiles;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.Processes;
import dev.capstan.testing.RedisServer;
import dev.capstan.testing.RequiredTools;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * The release engine end to end: the broken_brackets Django example deployed by {@code capstan
 * apply} to two real OpenSSH hosts on 127.0.0.1, each with its own folder at the same deploy path,
 * its services run by Capstan's own supervisord: a real gunicorn from a real virtualenv on the port
 * the host's env gives, and a real Celery worker whose broker is a redis-server started here. The
 * {@code .env} comes from {@code configFiles}. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class DjangoRolloutTest {

  private static final String MOUNT = "/srv/capstan-e2e";
  private static final String DEPLOY = MOUNT + "/bb";
  private static final Path EXAMPLE =
      Path.of(System.getProperty("capstan.projectRoot", ".."), "examples/broken_brackets");

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);
  private Path work;
  private SshdHosts hosts;
  private GitRepo repo;
  private Path yaml;
  private Path secrets;
  private RedisServer redis;
  private final List<Integer> ports = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private String commit1;
  private String commit2;
  private String release1;
  private String release2;
  private String release3;

  @BeforeAll
  void startHostsRepositoryAndBroker() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "celery", "python3-celery");
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "redis", "python3-redis");
    work = fleet.work();
    hosts = fleet.hosts();
    repo = fleet.repo();
    redis = RedisServer.start(work.resolve("redis.log"));
    for (int i = 0; i < 2; i++) {
      ports.add(freePort());
    }
    // Beside the YAML, as the example's secrets/production.env, never in the repository. Both
    // hosts serve one site, so they share one database: migrate runs on the first only.
    secrets = Files.createDirectories(work.resolve("secrets")).resolve("production.env");
    Files.writeString(
        secrets,
        "SECRET_KEY=test-secret\nCELERY_BROKER_URL="
            + redis.url()
            + "\nDATABASE_PATH="
            + hostDeployDir(0).resolve("shared/var/db.sqlite3")
            + "\n");
    yaml = work.resolve("capstan.yaml");
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      for (int i = 0; hosts != null && i < hosts.size(); i++) {
        stopSupervisord(i);
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  /** Stops the host's supervisord, which stops gunicorn and the worker, and waits for it. */
  private void stopSupervisord(int host) throws Exception {
    Path pidFile =
        hostDeployDir(host)
            .resolve(SupervisordFiles.pidFile(DEPLOY).substring(DEPLOY.length() + 1));
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Processes.stopByPidFile(pidFile);
    if (!Processes.awaitGone(pid, Duration.ofSeconds(60))) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @Order(1)
  void firstApplyDeploysCommitOneToBothHosts() throws Exception {
    commit1 = repo.copy(EXAMPLE, "app").commit("broken_brackets v1");
    writeDesiredState(commit1, 2);

    CliRun apply = apply();

    assertEquals(0, apply.exitCode(), apply.all());
    for (int i = 0; i < 2; i++) {
      Path deploy = hostDeployDir(i);
      String live = liveRelease(i);
      assertTrue(live.endsWith("-" + commit1.substring(0, 7)), live);
      assertTrue(
          Files.readString(deploy.resolve("current/.capstan/release.json"))
              .contains("\"state\":\"complete\""));
      assertEquals(commit1, Files.readString(deploy.resolve("current/REVISION")).strip());
      assertTrue(
          Files.exists(deploy.resolve("current/static_collected/brackets/site.css")),
          "collectstatic ran");
      assertTrue(
          Files.readString(deploy.resolve("current/.capstan/migrations.json"))
              .contains("\"name\": \"0001_initial\""),
          "the build recorded the release's migrations");
      assertTrue(Files.isSymbolicLink(deploy.resolve("current/.env")), "shared file linked");
      assertEquals(
          Files.readString(secrets),
          Files.readString(deploy.resolve("shared/.env")),
          "the .env comes from configFiles");
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(deploy.resolve("shared/.env"))));
      assertTrue(
          Files.isSymbolicLink(deploy.resolve("current/venv"))
              || Files.isDirectory(deploy.resolve("current/venv/bin")),
          "a virtualenv per release");
      assertTrue(health(i).contains("commit=" + commit1), "gunicorn serves commit 1 on host " + i);
    }
    assertTrue(Files.size(hostDeployDir(0).resolve("shared/var/db.sqlite3")) > 0, "migrated");
    release1 = liveRelease(0);
    assertTrue(!apply.all().contains("test-secret"), "a config file's content is never shown");
  }

  @Test
  @Order(2)
  void bothServicesRunTheLiveReleaseAndTheWorkerAnswers() throws Exception {
    assertServicesRun(statusJson(), release1, release1);

    CliRun ping =
        CliRun.run(
            "exec",
            "-f",
            yaml.toString(),
            "--env",
            "bb-test",
            "--host",
            hosts.address(1).toString(),
            "--cache-dir",
            work.resolve("cache").toString(),
            "--",
            "venv/bin/python",
            "manage.py",
            "pingworker");

    assertEquals(0, ping.exitCode(), ping.all());
    assertTrue(
        ping.out().contains("pong release=" + release1 + " brackets=0"),
        "a worker of the live release ran the task: " + ping.all());
  }

  @Test
  @Order(3)
  void secondApplyWithNothingChangedDoesNothing() throws Exception {
    String logBefore = Files.readString(hostDeployDir(0).resolve("revisions.log"));

    long started = System.nanoTime();
    CliRun apply = apply();
    report("no-op apply, 2 SSH hosts, warm JVM", started);

    assertEquals(0, apply.exitCode(), apply.all());
    assertTrue(apply.out().contains("nothing to do"), apply.all());
    assertEquals(logBefore, Files.readString(hostDeployDir(0).resolve("revisions.log")));
  }

  @Test
  @Order(4)
  void newCommitIsReallyServedAfterTheSwitch() throws Exception {
    commit2 = repo.write("app/brackets/VERSION", "2\n").commit("v2");
    writeDesiredState(commit2, 2);

    long started = System.nanoTime();
    CliRun apply = apply();
    report(
        "code-only deploy (new virtualenv, collectstatic, migrate, services restarted), 2 SSH hosts",
        started);

    assertEquals(0, apply.exitCode(), apply.all());
    for (int i = 0; i < 2; i++) {
      assertTrue(health(i).contains("commit=" + commit2), "host " + i + " serves commit 2");
    }
    release2 = liveRelease(0);
    assertServicesRun(statusJson(), release2, release2);
    assertEquals(Set.of(release1, release2), releases(0), "keepReleases 2 keeps both");
  }

  @Test
  @Order(5)
  void failingHealthCheckRollsBackAndSaysWhy() throws Exception {
    String commit3 = repo.write("app/FAIL_HEALTH", "fail\n").commit("v3 fails its health check");
    writeDesiredState(commit3, 2);

    CliRun apply = apply();

    assertEquals(1, apply.exitCode(), apply.all());
    assertTrue(apply.out().contains("rolled back to " + release2), apply.all());
    for (int i = 0; i < 2; i++) {
      assertEquals(release2, liveRelease(i), "host " + i + " runs release 2 again");
      assertTrue(health(i).contains("commit=" + commit2), "host " + i + " serves commit 2");
    }
    release3 =
        releases(0).stream()
            .filter(r -> r.endsWith(commit3.substring(0, 7)))
            .findFirst()
            .orElseThrow();
    assertTrue(
        Files.readString(
                hostDeployDir(0).resolve("releases/" + release3 + "/.capstan/release.json"))
            .contains("\"state\":\"failed\""));
    assertEquals(
        Set.of(release1, release2, release3),
        releases(0),
        "nothing complete is pruned after a failure; the failed release stays for inspection");

    JsonNode status = statusJson();
    // status reads the hosts afresh: the failed release's record says what happened.
    JsonNode first = status.at("/environments/0/hosts/0");
    assertEquals("RolledBack", first.path("state").asText(), status.toPrettyString());
    assertEquals("RolledBack", first.path("reason").asText(), status.toPrettyString());
    assertTrue(first.path("message").asText().contains("health check"), status.toPrettyString());
    assertTrue(first.path("message").asText().contains("rolled back to " + release2));
    assertEquals(
        "OutOfSync",
        status.at("/environments/0/hosts/1/state").asText(),
        "the second host built but never switched: " + status.toPrettyString());
    assertEquals("False", status.at("/environments/0/conditions/0/status").asText());
    assertServicesRun(status, release2, release2);
  }

  @Test
  @Order(6)
  void revisionBackToARetainedCommitSwitchesWithoutBuilding() throws Exception {
    writeDesiredState(commit1, 2);

    CliRun apply = apply();

    assertEquals(0, apply.exitCode(), apply.all());
    assertTrue(!apply.out().contains("building"), apply.all());
    for (int i = 0; i < 2; i++) {
      assertEquals(release1, liveRelease(i));
      assertTrue(health(i).contains("commit=" + commit1));
    }
    assertEquals(Set.of(release1, release2, release3), releases(0));
    assertServicesRun(statusJson(), release1, release1);
  }

  @Test
  @Order(7)
  void keepReleasesPrunesTheOldestButNeverTheLiveOrPreviousOne() throws Exception {
    String commit4 =
        repo.delete("app/FAIL_HEALTH").write("app/brackets/VERSION", "4\n").commit("v4");
    writeDesiredState(commit4, 2);

    CliRun apply = apply();

    assertEquals(0, apply.exitCode(), apply.all());
    String release4 = liveRelease(0);
    assertTrue(release4.endsWith(commit4.substring(0, 7)));
    assertEquals(
        Set.of(release1, release3, release4),
        releases(0),
        "new + previous (release 1) kept, release 2 pruned, the newest failed kept");
    String log = Files.readString(hostDeployDir(0).resolve("revisions.log"));
    assertEquals(6, log.lines().count(), "one line per switch, rollback included:\n" + log);
  }

  /** Status shows web and worker Running on each host, from the release given for it. */
  private static void assertServicesRun(JsonNode status, String... releaseOfHost) {
    for (int i = 0; i < releaseOfHost.length; i++) {
      JsonNode services = status.at("/environments/0/hosts/" + i + "/services");
      List<String> seen = new ArrayList<>();
      for (JsonNode service : services) {
        seen.add(
            service.path("name").asText()
                + " "
                + service.path("state").asText()
                + " "
                + service.path("release").asText());
        assertTrue(service.path("pids").size() > 0, "pids of " + service);
      }
      assertEquals(
          List.of("web Running " + releaseOfHost[i], "worker Running " + releaseOfHost[i]),
          seen,
          "host " + i + ": " + services.toPrettyString());
    }
  }

  /** A measurement for the notes, printed, never asserted: speed targets live in bench/. */
  private static void report(String what, long startedNanos) {
    System.out.printf(
        "measured: %s: %d ms%n", what, (System.nanoTime() - startedNanos) / 1_000_000);
  }

  private CliRun apply() {
    return CliRun.run(
        "apply", "-f", yaml.toString(), "--cache-dir", work.resolve("cache").toString());
  }

  private JsonNode statusJson() throws IOException {
    CliRun status =
        CliRun.run(
            "status",
            "-f",
            yaml.toString(),
            "-o",
            "json",
            "--cache-dir",
            work.resolve("cache").toString());
    assertEquals(0, status.exitCode(), status.all());
    return new ObjectMapper().readTree(status.out());
  }

  private void writeDesiredState(String revision, int keepReleases) throws IOException {
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: broken-brackets}",
            "spec:",
            "  repository: {url: repo, subPath: app}",
            "  deployPath: " + DEPLOY,
            "  keepReleases: " + keepReleases,
            "  env: {DJANGO_SETTINGS_MODULE: broken_brackets.settings}",
            "  configFiles:",
            "  - {path: .env, source: {file: secrets/production.env}}",
            "  envFiles: [.env]",
            "  shared: {files: [.env], dirs: [var, logs]}",
            "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt,"
                + " systemSitePackages: true}",
            "  django: {manage: manage.py, collectstatic: true, migrate: true}",
            "  services:",
            "    web: {gunicorn: {app: \"broken_brackets.wsgi:application\","
                + " bind: \"127.0.0.1:${PORT}\", workers: 2}}",
            // The tests run as root, which Celery allows only when asked to.
            "    worker: {celery: {app: broken_brackets, args: [worker, --loglevel=INFO,"
                + " --concurrency=1]}, env: {C_FORCE_ROOT: \"1\"}}",
            "  supervisor: supervisord",
            "  healthCheck: {command: \"sh deploy/health.sh\", timeoutSeconds: 10, retries: 2,"
                + " intervalSeconds: 1}",
            "  rollbackOnFailure: true",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: bb-test}",
            "spec:",
            "  application: broken-brackets",
            "  revision: " + revision,
            "  hosts:",
            "  - {host: \"" + hosts.address(0) + "\", env: {PORT: \"" + ports.get(0) + "\"}}",
            "  - {host: \"" + hosts.address(1) + "\", env: {PORT: \"" + ports.get(1) + "\"}}",
            "  ssh:",
            "    privateKey: {file: " + hosts.privateKey() + "}",
            "    knownHosts: {file: " + hosts.knownHosts() + "}",
            "  rollout: {maxParallel: 1}",
            ""));
  }

  private Path hostDeployDir(int host) {
    return hosts.host(host).hostDir().resolve("bb");
  }

  private String liveRelease(int host) throws IOException {
    return Files.readSymbolicLink(hostDeployDir(host).resolve("current")).getFileName().toString();
  }

  private Set<String> releases(int host) throws IOException {
    try (Stream<Path> list = Files.list(hostDeployDir(host).resolve("releases"))) {
      return list.map(p -> p.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
    }
  }

  private String health(int host) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(host) + "/health/"))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
