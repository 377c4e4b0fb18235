package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.ServiceSpec;
import dev.capstan.model.Supervisor;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.HttpLoad;
import dev.capstan.testing.Processes;
import dev.capstan.testing.RequiredTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-downtime proof against real parts: a real supervisord of Capstan's own, a real gunicorn
 * serving one tiny WSGI app from two release folders, switched back and forth under a steady load
 * through LocalHost and {@link SupervisordDriver}. Not one request may fail or be refused;
 * afterwards every answer and every gunicorn process is of the last release.
 */
class GunicornSwitchTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final int WORKERS = 2;
  private static final int SWITCHES = 5;
  private static final int RATE = 40;

  @TempDir Path temp;

  private final LocalHost host = new LocalHost();
  private SupervisordDriver driver;
  private final List<Long> seenPids = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    if (driver == null) {
      return;
    }
    Path pidFile = Path.of(SupervisordFiles.pidFile(driver.deployPath()));
    long supervisord =
        Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : 0;
    try {
      driver.shutdown();
    } finally {
      if (supervisord > 0 && !Processes.awaitGone(supervisord, Duration.ofSeconds(30))) {
        ProcessHandle.of(supervisord).ifPresent(ProcessHandle::destroyForcibly);
      }
      for (long pid : seenPids) {
        if (Processes.isRunning(pid) && !Processes.awaitGone(pid, Duration.ofSeconds(10))) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  @Test
  void switchesReleasesUnderLoadWithoutAFailedRequest() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("supervisorctl", "supervisor");
    RequiredTools.pythonModule(PYTHON, "gunicorn", "gunicorn");

    Path deployPath = Files.createDirectories(temp.resolve("app"));
    for (String release : List.of("A", "B")) {
      Path dir = Files.createDirectories(deployPath.resolve("releases/" + release));
      Files.writeString(dir.resolve("app.py"), app(release));
    }
    int port = RequiredTools.freePort();
    ServiceSpec web =
        new ServiceSpec(
            "web",
            new ServiceSpec.Gunicorn("app:application", "127.0.0.1", port, WORKERS, List.of()),
            Map.of("GREETING", "it's \"quoted\" $HOME `x`"),
            Duration.ofSeconds(10),
            List.of());
    RuntimeSpec runtime =
        new RuntimeSpec(
            Map.of("APP_ENV", "test"),
            List.of(),
            List.of(),
            List.of(web),
            Supervisor.SUPERVISORD,
            List.of());
    HostSpec local = HostSpec.of(HostAddress.LOCAL_HOST);
    driver = new SupervisordDriver(host, deployPath.toString(), Duration.ofSeconds(60));

    ServicePlan first =
        ServicePlan.of(runtime, local, deployPath.toString(), "A", PYTHON.toString());
    driver.install(first);
    Eventually.await(
        Duration.ofSeconds(60),
        "web runs release A",
        () -> driver.conformance(first).get(0).state() == ServiceState.State.RUNNING);
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    assertEquals("code=A env=A greeting=it's \"quoted\" $HOME `x`", get(uri));

    Path supervisordLog = deployPath.resolve(".capstan/supervisor/supervisord.log");
    long logLinesBefore = Files.readAllLines(supervisordLog).size();
    String release = "A";
    try (HttpLoad load = new HttpLoad(uri, RATE, 20_000, Duration.ofMinutes(5))) {
      for (int i = 0; i < SWITCHES; i++) {
        long before = load.sent();
        Eventually.await(
            Duration.ofSeconds(30),
            "the load sends 20 more requests",
            () -> load.sent() >= before + 20);
        release = release.equals("A") ? "B" : "A";
        long started = System.nanoTime();
        driver.roll(
            ServicePlan.of(runtime, local, deployPath.toString(), release, PYTHON.toString()),
            Duration.ofSeconds(60));
        System.out.printf(
            "switch %d to %s took %d ms (%d requests so far, %d failed)%n",
            i + 1, release, (System.nanoTime() - started) / 1_000_000, load.sent(), load.failed());
        driver.observe().pids().forEach(p -> seenPids.add(p.pid()));
      }
      long before = load.sent();
      Eventually.await(
          Duration.ofSeconds(30),
          "the load sends 20 more requests",
          () -> load.sent() >= before + 20);
      load.close();
      System.out.printf(
          "gunicorn switch under load: %d requests, %d failed, %.1f requests/s,"
              + " longest response %d ms, %d switches%n",
          load.sent(), load.failed(), load.rate(), load.worst().toMillis(), SWITCHES);
      assertEquals(0, load.failed(), "failed or refused requests: " + load.failures());
      assertTrue(load.rate() >= 20, "the load ran at " + load.rate() + " requests/s");
    }

    // supervisord logs each time it makes or closes the socket (at start-up it does both, then
    // makes it again for the first process): during the switches, neither.
    List<String> socketLines =
        Files.readAllLines(supervisordLog).stream()
            .skip(logLinesBefore)
            .filter(l -> l.contains(" socket tcp://"))
            .toList();
    assertEquals(List.of(), socketLines, "the socket was kept across every switch");

    assertEquals("B", release);
    for (int i = 0; i < 50; i++) {
      assertEquals(
          "code=B env=B greeting=it's \"quoted\" $HOME `x`", get(uri), "every answer comes from B");
    }
    ServicePlan last =
        ServicePlan.of(runtime, local, deployPath.toString(), "B", PYTHON.toString());
    ServiceState state = driver.conformance(last).get(0);
    assertEquals(ServiceState.State.RUNNING, state.state(), state.toString());
    assertEquals(
        SupervisordFiles.GUNICORN_SLOTS * (1 + WORKERS),
        state.pids().size(),
        "two masters and their workers: " + state);
    for (long pid : state.pids()) {
      seenPids.add(pid);
      String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
      assertTrue(
          List.of(environ.split("\0")).contains("CAPSTAN_RELEASE=B"),
          "pid " + pid + " carries CAPSTAN_RELEASE=B");
      assertEquals(
          deployPath.resolve("releases/B").toRealPath(),
          Path.of("/proc/" + pid + "/cwd").toRealPath(),
          "pid " + pid + " runs in releases/B");
    }
  }

  private static String get(URI uri) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  /** A WSGI app whose code says which release folder it is from. */
  private static String app(String release) {
    return "import os\n"
        + "CODE = '"
        + release
        + "'\n"
        + "def application(environ, start_response):\n"
        + "    body = ('code=%s env=%s greeting=%s' % (CODE, os.environ.get('CAPSTAN_RELEASE'),"
        + " os.environ.get('GREETING'))).encode()\n"
        + "    start_response('200 OK', [('Content-Type', 'text/plain'),"
        + " ('Content-Length', str(len(body)))])\n"
        + "    return [body]\n";
  }
}
