package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15's whole upkeep cycle under one real controller ({@code capstan run}'s FileRuntime) on
 * two real OpenSSH hosts: staging follows {@code capstan/upgrades}, production promotes from
 * staging once it has run a commit Ready for 10 s. The live demolib 1.0.0 is vulnerable ({@code
 * deps} exits 3); a security upgrade is tested, pushed, deployed on staging and promoted; a
 * breaking upgrade commits nothing; a commit that fails its health check on staging is held back
 * there and never reaches production. Prints a timeline of the cycle.
 */
class UpkeepCycleTest {

  private static final String MOUNT = "/srv/capstan-upkeep";
  private static final String BRANCH = "capstan/upgrades";
  private static final String TEST_COMMAND = "venv/bin/python check_demolib.py";
  private static final Duration HEALTHY_FOR = Duration.ofSeconds(10);
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final int STAGING = 0;
  private static final int PRODUCTION = 1;

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  private static PackageIndex index;
  private final ObjectMapper json = new ObjectMapper();
  private final long start = System.nanoTime();
  private final List<String> timeline = new ArrayList<>();

  @BeforeAll
  static void serveIndexAndAdvisories() throws Exception {
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "ensurepip", "python3-venv");
    String works = "def answer():\n    return 42\n";
    index =
        PackageIndex.in(fleet.work().resolve("index"))
            .add("demolib", "1.0.0", works, false)
            .add("demolib", "1.0.1", works, false)
            .add("demolib", "2.0.0", "def answer():\n    return 41\n", false)
            .serve();
    Path advisories = Files.createDirectories(fleet.work().resolve("advisories"));
    Files.writeString(
        advisories.resolve("PYSEC-2026-1.json"),
        "{\"id\": \"PYSEC-2026-1\", \"modified\": \"2026-01-01T00:00:00Z\","
            + " \"aliases\": [\"CVE-2026-0001\"], \"summary\": \"demolib leaks secrets\","
            + " \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"demolib\"},"
            + " \"ranges\": [{\"type\": \"ECOSYSTEM\","
            + " \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.0.1\"}]}]}]}");
  }

  @AfterAll
  static void stopIndex() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void upgradesAreTestedDeployedOnStagingAndPromotedOnlyWhenHealthy() throws Exception {
    fleet
        .repo()
        .write("app/requirements.txt", "demolib==1.0.0\n")
        .write("app/healthy.txt", "the health check reads this file\n")
        .write(
            "app/check_demolib.py",
            "import sys\nimport demolib\n"
                + "sys.exit(0 if demolib.answer() == 42 else"
                + " 'demolib.answer() is %r, not 42' % demolib.answer())\n");
    String main = fleet.repo().commit("the app, on demolib 1.0.0");
    try (Git git = Git.open(fleet.repo().dir().toFile())) {
      git.branchCreate().setName(BRANCH).setStartPoint(main).call();
    }
    writeDesiredState();

    try (FileRuntime runtime = FileRuntime.start(fleet.controllerConfig())) {
      mark("controller started (staging follows " + BRANCH + " at " + short7(main) + ")");

      // 1. staging deploys main's commit; production promotes it 10 s after staging is healthy.
      awaitPromotion(main, "demolib 1.0.0");

      // 2. production runs a vulnerable demolib: deps, status and its condition say so.
      CliRun deps =
          timed("deps --env production", () -> fleet.capstan("deps", "--env", "production"));
      System.out.println("$ capstan deps --env production\n" + deps.out() + deps.err());
      assertEquals(3, deps.exitCode(), deps.all());
      String demolib =
          deps.out()
              .lines()
              .filter(l -> l.strip().startsWith("demolib "))
              .findFirst()
              .orElseThrow();
      assertTrue(demolib.contains("PYSEC-2026-1 (CVE-2026-0001) fixed in 1.0.1"), demolib);
      assertTrue(deps.out().contains("host " + fleet.hosts().address(PRODUCTION)), deps.out());
      Eventually.await(
          CONVERGE,
          "production's status shows the Vulnerable condition",
          () ->
              "True".equals(condition(status("production"), "Vulnerable").path("status").asText()));
      JsonNode vulnerable = condition(status("production"), "Vulnerable");
      System.out.println("production Vulnerable condition: " + vulnerable);
      assertTrue(
          vulnerable.path("message").asText().contains("PYSEC-2026-1"), vulnerable.toString());
      assertEquals(1, status("production").at("/dependencies/vulnerable").asInt());
      assertEquals(1.0, vulnerableMetric(runtime), "capstan_vulnerable_packages{production}");
      mark("production status: Vulnerable=True, capstan_vulnerable_packages 1");

      // 3. the security upgrade is tested, pushed, deployed on staging and promoted.
      CliRun security =
          timed("upgrade --security-only --push", () -> upgrade("--security-only", "--push"));
      System.out.println(security.out() + security.err());
      assertEquals(0, security.exitCode(), security.all());
      assertTrue(security.out().contains("ok   test[0] `" + TEST_COMMAND + "`"), security.all());
      String upgraded = branchTip();
      assertNotEquals(main, upgraded, security.all());
      assertTrue(security.out().contains("(" + upgraded + ") on " + BRANCH), security.all());
      awaitPromotion(upgraded, "demolib 1.0.1");
      CliRun fixed =
          timed("deps --env production", () -> fleet.capstan("deps", "--env", "production"));
      System.out.println("$ capstan deps --env production\n" + fixed.out() + fixed.err());
      assertEquals(0, fixed.exitCode(), fixed.all());
      assertTrue(fixed.out().contains("demolib"), fixed.out());
      Eventually.await(
          CONVERGE,
          "production's status, condition and metric say nothing is vulnerable",
          () ->
              !"True".equals(condition(status("production"), "Vulnerable").path("status").asText())
                  && status("production").at("/dependencies/vulnerable").asInt(-1) == 0
                  && vulnerableMetric(runtime) == 0.0);
      System.out.println("production dependencies: " + status("production").path("dependencies"));
      mark("production status: Vulnerable cleared, capstan_vulnerable_packages 0");

      // 4. a full upgrade goes to 2.0.0, which fails the app's test: nothing is committed.
      CliRun full = timed("upgrade --push (to 2.0.0)", () -> upgrade("--push"));
      System.out.println(full.out() + full.err());
      assertEquals(1, full.exitCode(), full.all());
      assertTrue(full.out().contains("demolib 1.0.1 -> 2.0.0"), full.all());
      assertTrue(
          full.out().contains("FAIL test[0] `" + TEST_COMMAND + "` exit status 1"), full.all());
      assertTrue(full.out().contains("nothing committed"), full.all());
      assertEquals(upgraded, branchTip(), "nothing committed on " + BRANCH);

      // 5. a commit that fails its health check on staging is held there, never promoted.
      String bad = commitOnBranch("no health file");
      mark("pushed " + short7(bad) + " to " + BRANCH + " (fails its health check)");
      Eventually.await(
          CONVERGE,
          "staging holds back " + short7(bad),
          () -> bad.equals(status("staging").path("failedCommit").asText()));
      mark("staging: " + short7(bad) + " failed and held back");
      Eventually.await(
          Duration.ofSeconds(30),
          "staging runs " + short7(upgraded) + " again",
          () -> upgraded.equals(liveCommit(STAGING)));
      Instant heldAt = Instant.now();
      Duration watch = HEALTHY_FOR.plusSeconds(5);
      Eventually.await(
          watch.plusSeconds(10),
          "production stays on " + short7(upgraded) + " for " + watch.toSeconds() + " s",
          () -> {
            assertEquals(upgraded, liveCommit(PRODUCTION), "production never runs the bad commit");
            assertNotEquals(bad, status("production").path("commit").asText());
            return Duration.between(heldAt, Instant.now()).compareTo(watch) >= 0;
          });
      assertEquals(bad, status("staging").path("failedCommit").asText());
      System.out.println(
          "staging conditions after the failure: " + status("staging").path("conditions"));
      System.out.println("production hold after the failure: " + status("production").path("hold"));
      mark("production still on " + short7(upgraded) + " after " + watch.toSeconds() + " s");
    } finally {
      System.out.println("UpkeepCycleTest timeline (seconds since start):");
      timeline.forEach(System.out::println);
    }
  }

  /**
   * Waits until staging runs {@code commit} Ready and production then runs it too; asserts
   * production switched no sooner than {@link #HEALTHY_FOR} after staging was first seen healthy,
   * and that its status showed the promotion hold meanwhile.
   */
  private void awaitPromotion(String commit, String what) {
    AtomicReference<Instant> stagingReady = new AtomicReference<>();
    AtomicReference<Instant> productionLive = new AtomicReference<>();
    AtomicReference<String> hold = new AtomicReference<>();
    Eventually.await(
        CONVERGE,
        "staging then production run " + short7(commit),
        () -> {
          Instant now = Instant.now();
          if (stagingReady.get() == null && readyOn(status("staging"), commit)) {
            stagingReady.set(now);
            mark("staging Ready on " + short7(commit) + " (" + what + ")");
          }
          if (productionLive.get() == null && commit.equals(liveCommit(PRODUCTION))) {
            productionLive.set(now);
            mark("production switched to " + short7(commit));
          }
          JsonNode held = status("production").path("hold");
          if (hold.get() == null && held.path("blockedBy").asText().contains(short7(commit))) {
            hold.set(held.toString());
          }
          return stagingReady.get() != null && productionLive.get() != null;
        });
    Duration waited = Duration.between(stagingReady.get(), productionLive.get());
    System.out.printf(
        "production switched %.2f s after staging was seen Ready on %s%n",
        waited.toMillis() / 1e3, short7(commit));
    System.out.println("production hold while waiting: " + hold.get());
    // The controller notes staging healthy before this test can see it: a 250 ms margin.
    assertTrue(
        waited.compareTo(HEALTHY_FOR.minusMillis(250)) >= 0,
        "production switched only " + waited + " after staging was healthy");
    assertNotNull(hold.get(), "production's status showed the promotion hold");
    Eventually.await(
        CONVERGE,
        "production Ready on " + short7(commit),
        () -> readyOn(status("production"), commit));
    mark("production Ready on " + short7(commit));
  }

  private static double vulnerableMetric(FileRuntime runtime) throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return PrometheusText.parse(metrics.body())
        .value("capstan_vulnerable_packages", "environment", "production");
  }

  private CliRun upgrade(String... options) {
    String[] rest =
        Stream.concat(Stream.of("--app", "pyapp"), Stream.of(options)).toArray(String[]::new);
    return fleet.capstanOn("staging", "upgrade", rest);
  }

  private CliRun timed(String what, Supplier<CliRun> run) {
    mark("$ capstan " + what + " ...");
    long began = System.nanoTime();
    CliRun result = run.get();
    mark(
        String.format(
            "$ capstan %s: exit %d in %.1f s",
            what, result.exitCode(), (System.nanoTime() - began) / 1e9));
    return result;
  }

  private synchronized void mark(String what) {
    String line = String.format("%7.1f s  %s", (System.nanoTime() - start) / 1e9, what);
    timeline.add(line);
    System.out.println("UpkeepCycleTest " + line);
  }

  /** A commit on {@link #BRANCH} (main stays checked out) without the health check's file. */
  private static String commitOnBranch(String message) throws Exception {
    try (Git git = Git.open(fleet.repo().dir().toFile())) {
      git.checkout().setName(BRANCH).call();
      try {
        fleet.repo().delete("app/healthy.txt");
        return fleet.repo().commit(message);
      } finally {
        git.checkout().setName("main").call();
      }
    }
  }

  private static String branchTip() throws IOException {
    try (Repository repository = Git.open(fleet.repo().dir().toFile()).getRepository()) {
      Ref ref = repository.exactRef("refs/heads/" + BRANCH);
      return ref == null ? null : ref.getObjectId().getName();
    }
  }

  /** Ready and not Degraded, every host Ready on {@code commit}: what promotion waits for. */
  private static boolean readyOn(JsonNode status, String commit) {
    if (!commit.equals(status.path("commit").asText())
        || !"True".equals(condition(status, "Ready").path("status").asText())
        || "True".equals(condition(status, "Degraded").path("status").asText())
        || status.path("hosts").isEmpty()) {
      return false;
    }
    for (JsonNode host : status.path("hosts")) {
      if (!commit.equals(host.path("commit").asText())
          || !"Ready".equals(host.path("state").asText())) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return condition;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private JsonNode status(String environment) throws IOException {
    Path file = fleet.stateDir().resolve(environment + ".json");
    return Files.exists(file) ? json.readTree(Files.readString(file)) : json.createObjectNode();
  }

  private static String liveCommit(int host) throws IOException {
    Path revision = fleet.deployDir(host).resolve("current/REVISION");
    return Files.exists(revision) ? Files.readString(revision).strip() : null;
  }

  private static String short7(String commit) {
    return commit == null || commit.length() <= 7 ? commit : commit.substring(0, 7);
  }

  private void writeDesiredState() throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: pyapp}",
        "spec:",
        "  repository: {url: repo, subPath: app, pollInterval: 1s}",
        "  deployPath: " + fleet.deployPath(),
        "  keepReleases: 5",
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt}",
        "  env: {PIP_INDEX_URL: \"" + index.url() + "\"}",
        "  healthCheck: {command: \"test -f healthy.txt && "
            + TEST_COMMAND
            + "\","
            + " timeoutSeconds: 10, retries: 0}",
        "  upkeep:",
        "    index: {url: \"" + index.url() + "\"}",
        "    advisories: {dir: advisories/}",
        "    interval: 1h",
        "    test: [\"" + TEST_COMMAND + "\"]",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: staging}",
        "spec:",
        "  application: pyapp",
        "  revision: " + BRANCH,
        "  hosts: [\"" + fleet.hosts().address(STAGING) + "\"]",
        fleet.sshYaml(),
        "  driftInterval: 1s",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: production}",
        "spec:",
        "  application: pyapp",
        "  promoteFrom: {environment: staging, healthyFor: " + HEALTHY_FOR.toSeconds() + "s}",
        "  hosts: [\"" + fleet.hosts().address(PRODUCTION) + "\"]",
        fleet.sshYaml(),
        "  driftInterval: 1s",
        "");
  }
}
