package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.HttpLoad;
import dev.capstan.testing.RequiredTools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 12's acceptance: {@code services} run by Capstan's own supervisord on two real sshd hosts
 * (each in its own mount and network namespace, both serving gunicorn on 0.0.0.0:8000), rolled by
 * ten {@code capstan apply} under a steady HTTP load on every host: code-only commits, a
 * requirements change, rollbacks to the previous commit and config file changes. Not one request
 * fails; after each rollout every gunicorn process carries the new release and answers its commit;
 * a 5 s Celery task started just before a switch completes in the old worker while the next task
 * runs in the new release; the config file's secret reaches no output of Capstan's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServicesRolloutTest {

  private static final String MOUNT = "/srv/capstan-services-e2e";
  private static final String DEPLOY = MOUNT + "/app";
  private static final int RATE = 25;
  private static final int WEB_PORT = 8000;

  private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private final ObjectMapper json = new ObjectMapper();
  private final StderrCapture stderr = new StderrCapture();
  private final List<String> capstanOutputs = new ArrayList<>();
  private ServicesFleet fleet;
  private GitRepo repo;
  private Path yaml;
  private Path secrets;
  private int version;
  private int rollouts;

  @BeforeAll
  void startFleet() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "gunicorn", "gunicorn");
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "celery", "python3-celery");
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "redis", "python3-redis");
    fleet = ServicesFleet.start(2, MOUNT);
    repo = GitRepo.init(fleet.work().resolve("repo"));
    yaml = fleet.work().resolve("capstan.yaml");
    secrets = Files.createDirectories(fleet.work().resolve("secrets")).resolve("app.env");
    stderr.start();
  }

  @AfterAll
  void stopFleet() throws Exception {
    stderr.stop();
    try {
      if (repo != null) {
        repo.close();
      }
    } finally {
      if (fleet != null) {
        fleet.close(DEPLOY.substring(MOUNT.length() + 1));
      }
    }
  }

  @Test
  void tenRolloutsAndARestartUnderLoadFailNoRequestAndLeakNoSecret() throws Exception {
    repo.copy(Path.of(getClass().getResource("/services-app").toURI()), ".");
    writeSecrets("blue");
    String first = repo.commit("v1");
    writeDesiredState(first);
    applyAndVerify("first deploy", first, "blue");
    Eventually.await(Duration.ofSeconds(60), "the Celery worker answers", this::workerAnswers);

    List<HttpLoad> loads = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      URI uri = URI.create("http://" + fleet.innerAddress(i) + ":" + WEB_PORT + "/");
      loads.add(new HttpLoad(uri, RATE, 1_000_000, Duration.ofMinutes(8)));
    }
    try {
      String c2 = codeCommit();
      rollout("1 code-only", c2, "blue");
      String c3 = codeCommit();
      rollout("2 code-only", c3, "blue");
      String c4 = requirementsCommit();
      rollout("3 requirements changed", c4, "blue");
      String c5 = codeCommit();
      slowTaskDrainsWhileTheNextRunsNew(c5, "blue");
      rollout("5 rollback to the previous commit", c4, "blue");
      writeSecrets("green");
      rollout("6 config file changed", c4, "green");
      String c6 = codeCommit();
      rollout("7 code-only", c6, "green");
      String c7 = codeCommit();
      rollout("8 code-only", c7, "green");
      rollout("9 rollback to the previous commit", c6, "green");
      writeSecrets("red");
      rollout("10 config file changed", c6, "red");
      assertEquals(10, rollouts, "rollouts under load");
      restartUnderLoad(c6, "red");
      awaitMoreRequests(loads);
    } finally {
      loads.forEach(HttpLoad::close);
    }
    for (int i = 0; i < loads.size(); i++) {
      HttpLoad load = loads.get(i);
      System.out.printf(
          "measured: services rollouts, host %d: %d requests, %d failed, %.1f requests/s,"
              + " longest response %d ms, 10 rollouts and a restart%n",
          i, load.sent(), load.failed(), load.rate(), load.worst().toMillis());
    }
    for (HttpLoad load : loads) {
      assertEquals(0, load.failed(), "failed or refused requests: " + load.failures());
      assertTrue(load.rate() >= 20, "the load ran at " + load.rate() + " requests/s");
    }
    theSecretReachesNoOutputOfCapstan();
  }

  /** {@code capstan restart}: new processes on the same release, under the same load. */
  private void restartUnderLoad(String commit, String color) throws Exception {
    List<String> releases = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      releases.add(liveRelease(i));
    }
    List<Long> before = gunicornPids();
    CliRun restart = capstan("restart", "-f", yaml.toString());
    assertEquals(0, restart.exitCode(), restart.all());
    List<Long> after = gunicornPids();
    assertTrue(
        after.stream().noneMatch(before::contains),
        "restart: every gunicorn process is new: " + before + " -> " + after);
    for (int i = 0; i < fleet.size(); i++) {
      assertEquals(releases.get(i), liveRelease(i), "restart makes no release");
    }
    applyAndVerify("after restart", commit, color);
  }

  /** Rollout 4: a code-only commit, with a 5 s task started by beforeSwitch on the worker host. */
  private void slowTaskDrainsWhileTheNextRunsNew(String commit, String color) throws Exception {
    String oldRelease = liveRelease(0);
    Path shared = fleet.deployDir(0, "app").resolve("shared");
    Files.writeString(shared.resolve("slow.request"), fleet.brokerUrl(0) + "\n");
    rollout("4 code-only, a 5 s task running at the switch", commit, color);
    String[] slow = Files.readString(shared.resolve("slow.id")).strip().split(" ");
    assertEquals("STARTED", slow[1], "the slow task had started before the switch");
    String queued = client("submit", "which");
    assertEquals(liveRelease(0), client("get", queued), "a task queued after the switch");
    assertEquals(
        oldRelease + " done", client("get", slow[0]), "the old worker finished the running task");
  }

  private void rollout(String what, String commit, String color) throws Exception {
    rollouts++;
    writeDesiredState(commit);
    long started = System.nanoTime();
    List<Long> before = gunicornPids();
    applyAndVerify(what, commit, color);
    System.out.printf(
        "measured: rollout %s: %d ms%n", what, (System.nanoTime() - started) / 1_000_000);
    List<Long> after = gunicornPids();
    assertTrue(
        after.stream().noneMatch(before::contains),
        what + ": every gunicorn process was restarted: " + before + " -> " + after);
  }

  private void applyAndVerify(String what, String commit, String color) throws Exception {
    CliRun apply = capstan("apply", "-f", yaml.toString());
    assertEquals(0, apply.exitCode(), what + ": " + apply.all());
    JsonNode status = json.readTree(capstan("status", "-f", yaml.toString(), "-o", "json").out());
    for (int i = 0; i < fleet.size(); i++) {
      String release = liveRelease(i);
      assertTrue(release.endsWith("-" + commit.substring(0, 7)), what + ": " + release);
      JsonNode host = hostStatus(status, i);
      Set<String> names = new TreeSet<>();
      for (JsonNode service : host.path("services")) {
        String name = service.path("name").asText();
        names.add(name);
        assertEquals("Running", service.path("state").asText(), what + ": " + service);
        assertEquals(release, service.path("release").asText(), what + ": " + service);
        assertFalse(service.path("pids").isEmpty(), what + ": " + service);
        for (JsonNode pid : service.path("pids")) {
          assertCarriesRelease(pid.asLong(), release, what + ", " + name);
        }
      }
      assertEquals(i == 0 ? Set.of("web", "worker") : Set.of("web"), names, what + ": " + host);
      for (long pid : fleet.gunicornPids(i, "app")) {
        assertCarriesRelease(pid, release, what + ", gunicorn under supervisord");
      }
      for (int n = 0; n < 10; n++) {
        String body = fleet.get(i, WEB_PORT);
        assertTrue(
            body.startsWith("commit=" + commit + " ")
                && body.contains(" release=" + release + " ")
                && body.contains(" color=" + color + " token=set"),
            what + ": host " + i + " answers " + body);
      }
    }
  }

  private void theSecretReachesNoOutputOfCapstan() throws Exception {
    List<String> outputs = new ArrayList<>(capstanOutputs);
    outputs.add(stderr.text());
    for (String output : outputs) {
      assertFalse(output.contains(token), "the secret is in Capstan's output:\n" + output);
    }
    for (int i = 0; i < fleet.size(); i++) {
      Path deploy = fleet.deployDir(i, "app");
      List<Path> files = new ArrayList<>(List.of(deploy.resolve("revisions.log")));
      try (Stream<Path> walk = Files.walk(deploy.resolve(".capstan"))) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
      assertTrue(files.stream().anyMatch(f -> f.toString().endsWith("logs/web.log")), "" + files);
      for (Path file : files) {
        if (!Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains(token)) {
          continue;
        }
        throw new AssertionError("the secret is in " + file);
      }
      String env = Files.readString(deploy.resolve("shared/.env"));
      assertTrue(env.contains(token), "the config file itself has it");
    }
  }

  private CliRun capstan(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--cache-dir", fleet.work().resolve("cache").toString()));
    CliRun run = CliRun.run(all.toArray(String[]::new));
    capstanOutputs.add(run.all());
    return run;
  }

  private String codeCommit() {
    version++;
    return repo.write("VERSION", (version + 1) + "\n").commit("code v" + (version + 1));
  }

  private String requirementsCommit() {
    version++;
    return repo.write("VERSION", (version + 1) + "\n")
        .write(
            "requirements.txt",
            "# gunicorn, celery and redis come from Debian (systemSitePackages)\n"
                + "# requirements of v"
                + (version + 1)
                + "\n")
        .commit("requirements v" + (version + 1));
  }

  private void writeSecrets(String color) throws Exception {
    Files.writeString(secrets, "COLOR=" + color + "\nAPI_TOKEN=" + token + "\n");
  }

  private boolean workerAnswers() throws Exception {
    return client("ping").equals("pong");
  }

  private String client(String... args) throws Exception {
    return fleet.python(repo.dir(), fleet.brokerUrlHere(), "client.py", args);
  }

  private List<Long> gunicornPids() throws Exception {
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      pids.addAll(fleet.gunicornPids(i, "app"));
    }
    return pids;
  }

  private JsonNode hostStatus(JsonNode status, int index) {
    String address = fleet.address(index).toString();
    for (JsonNode host : status.at("/environments/0/hosts")) {
      if (host.path("host").asText().equals(address)) {
        return host;
      }
    }
    throw new AssertionError("no status of " + address + ": " + status.toPrettyString());
  }

  private static void assertCarriesRelease(long pid, String release, String what) throws Exception {
    String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
    assertTrue(
        List.of(environ.split("\0")).contains("CAPSTAN_RELEASE=" + release),
        what + ": pid " + pid + " carries CAPSTAN_RELEASE=" + release);
  }

  private String liveRelease(int host) throws Exception {
    Path current = fleet.deployDir(host, "app").resolve("current");
    return Files.readSymbolicLink(current).getFileName().toString();
  }

  private static void awaitMoreRequests(List<HttpLoad> loads) {
    for (HttpLoad load : loads) {
      long before = load.sent();
      Eventually.await(
          Duration.ofSeconds(30), "the load sends 20 more", () -> load.sent() >= before + 20);
    }
  }

  private void writeDesiredState(String revision) throws Exception {
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: services-app}",
            "spec:",
            "  repository: {url: repo}",
            "  deployPath: " + DEPLOY,
            "  keepReleases: 5",
            "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt,"
                + " systemSitePackages: true}",
            "  env: {APP_ENV: test}",
            "  envFiles: [.env]",
            "  configFiles:",
            "  - {path: .env, source: {file: secrets/app.env}}",
            "  services:",
            "    web: {gunicorn: {app: \"wsgi:app\", bind: \"0.0.0.0:"
                + WEB_PORT
                + "\","
                + " workers: 2}}",
            "    worker:",
            "      celery: {app: tasks, args: [worker, --loglevel=INFO, --concurrency=1]}",
            "      env: {C_FORCE_ROOT: \"1\"}",
            "      roles: [worker]",
            "  supervisor: supervisord",
            "  beforeSwitch: [\"venv/bin/python client.py slow-before-switch\"]",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: services-test}",
            "spec:",
            "  application: services-app",
            "  revision: " + revision,
            "  hosts:",
            "  - {host: \""
                + fleet.address(0)
                + "\", roles: [web, worker],"
                + " env: {BROKER_URL: \""
                + fleet.brokerUrl(0)
                + "\"}}",
            "  - {host: \"" + fleet.address(1) + "\", roles: [web]}",
            "  ssh:",
            "    privateKey: {file: " + fleet.privateKey() + "}",
            "    knownHosts: {file: " + fleet.knownHosts() + "}",
            "  rollout: {maxParallel: 2}",
            ""));
  }
}
