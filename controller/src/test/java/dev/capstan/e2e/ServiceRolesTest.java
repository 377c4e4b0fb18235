package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.RedisServer;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Services by host role on two real sshd hosts, one with role web and one with role worker:
 * gunicorn runs only on the web host and Celery only on the worker host, one apply rolls both, and
 * a commit whose build fails on the web host alone switches no host, the worker host included;
 * {@code rollback} rolls both hosts' services back onto the release before.
 */
class ServiceRolesTest {

  private static final String MOUNT = "/srv/capstan-roles";
  // Short: the supervisor socket under it must fit a socket address (107 bytes).
  private static final String DEPLOY = MOUNT + "/app";
  private static final int WEB = 0;
  private static final int WORKER = 1;

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);
  private final HttpClient http = HttpClient.newHttpClient();
  private RedisServer redis;

  @AfterEach
  void stopEverything() throws Exception {
    try {
      ServiceHosts.shutdown(fleet.hosts().host(WEB), DEPLOY);
      ServiceHosts.shutdown(fleet.hosts().host(WORKER), DEPLOY);
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Test
  void eachHostRunsTheServicesOfItsRolesAndABuildFailingOnOneSwitchesNone() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("nsenter", "util-linux");
    redis = RedisServer.start(fleet.work().resolve("redis.log"));
    int port = RequiredTools.freePort();

    String commit1 = commit("1", "true\n");
    writeDesiredState(commit1, port);
    CliRun first = fleet.apply();
    assertEquals(0, first.exitCode(), first.all());
    assertServicesByRole(commit1, port);
    long worker1 = workerPid();

    String commit2 = commit("2", "true\n");
    writeDesiredState(commit2, port);
    CliRun second = fleet.apply();
    assertEquals(0, second.exitCode(), second.all());
    assertServicesByRole(commit2, port);
    long worker2 = workerPid();
    assertTrue(worker2 != worker1, "the worker was rolled onto commit 2 too");

    String webHost = fleet.hosts().address(WEB).toString();
    String commit3 = commit("3", "test \"$CAPSTAN_HOST\" != \"" + webHost + "\" || exit 3\n");
    writeDesiredState(commit3, port);
    CliRun third = fleet.apply();
    assertEquals(1, third.exitCode(), third.all());
    assertTrue(third.all().contains(webHost), third.all());
    assertEquals(commit2, liveCommit(WEB), "the web host stays on commit 2");
    assertEquals(commit2, liveCommit(WORKER), "the worker host is not switched: " + third.all());
    assertEquals(worker2, workerPid(), "the worker was not restarted");
    assertServicesByRole(commit2, port);

    // Back to commit 1, which each host still has: its services roll onto it and are checked.
    CliRun back = fleet.capstan("rollback", "--env", "roles-test", "--reason", "v2 is slow");
    assertEquals(0, back.exitCode(), back.all());
    assertTrue(back.out().contains("rolled back to " + commit1.substring(0, 7)), back.all());
    assertServicesByRole(commit1, port);
    assertTrue(workerPid() != worker2, "the worker was rolled back onto commit 1 too");
  }

  private void assertServicesByRole(String commit, int port) throws Exception {
    assertEquals(commit, liveCommit(WEB));
    assertEquals(commit, liveCommit(WORKER));
    String web = status(WEB);
    String worker = status(WORKER);
    assertEquals(2, running(web, "web:"), "two gunicorn masters on the web host:\n" + web);
    assertFalse(web.contains("worker"), "no Celery on the web host:\n" + web);
    assertEquals(1, running(worker, "worker:"), "one Celery worker on the worker host:\n" + worker);
    assertFalse(worker.contains("web"), "no gunicorn on the worker host:\n" + worker);
    String release = liveRelease(WEB);
    assertTrue(get(port).startsWith("release=" + release + " "), get(port));
  }

  private static long running(String status, String prefix) {
    return status.lines().filter(l -> l.startsWith(prefix) && l.contains("RUNNING")).count();
  }

  private long workerPid() {
    String line =
        status(WORKER).lines().filter(l -> l.contains("RUNNING")).findFirst().orElseThrow();
    java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid (\\d+)").matcher(line);
    assertTrue(pid.find(), line);
    return Long.parseLong(pid.group(1));
  }

  private String status(int host) {
    return ServiceHosts.supervisorctl(fleet.hosts().host(host), DEPLOY, "status").text();
  }

  private String commit(String version, String build) {
    return fleet
        .repo()
        .write("app/wsgi.py", ServiceHosts.wsgi(version))
        .write("app/tasks.py", ServiceHosts.TASKS)
        .write("app/build.sh", build)
        .commit("v" + version);
  }

  private Path deployDir(int host) {
    return fleet.hosts().host(host).hostDir().resolve("app");
  }

  private String liveRelease(int host) throws IOException {
    return Files.readSymbolicLink(deployDir(host).resolve("current")).getFileName().toString();
  }

  private String liveCommit(int host) throws IOException {
    return Files.readString(deployDir(host).resolve("current/REVISION")).strip();
  }

  private String get(int port) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private void writeDesiredState(String revision, int port) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: roles}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + DEPLOY,
        "  keepReleases: 3",
        "  build: [\"sh build.sh\"]",
        "  env: {BROKER_URL: \"" + redis.url() + "\", C_FORCE_ROOT: \"1\"}",
        "  supervisor: supervisord",
        "  services:",
        "    web: {gunicorn: {app: \"wsgi:app\", bind: \"127.0.0.1:"
            + port
            + "\", workers: 2},"
            + " roles: [web]}",
        "    worker: {celery: {app: tasks, args: [worker, --loglevel=INFO, --concurrency=1]},"
            + " roles: [worker]}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: roles-test}",
        "spec:",
        "  application: roles",
        "  revision: " + revision,
        "  hosts:",
        "  - {host: \"" + fleet.hosts().address(WEB) + "\", roles: [web]}",
        "  - {host: \"" + fleet.hosts().address(WORKER) + "\", roles: [worker]}",
        fleet.sshYaml(),
        "  rollout: {maxParallel: 2}",
        "");
  }
}
