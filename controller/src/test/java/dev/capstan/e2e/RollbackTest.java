package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FileCredentials;
import dev.capstan.file.FilePins;
import dev.capstan.file.FileRuntime;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.RollbackReport;
import dev.capstan.reconcile.Rollbacks;
import dev.capstan.reconcile.Rollout;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.SwitchedBy;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan rollback} on two real OpenSSH hosts: back to the release live before, one remote
 * command per host; pinned there with the commit it left vetoed, so {@code apply} stays until a
 * newer commit comes; with the repository moved away; a host lacking the release builds it from the
 * mirror, and a rollback that cannot be had changes nothing.
 */
class RollbackTest {

  private static final String MOUNT = "/srv/capstan-rollback";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  @Test
  void goesBackToThePreviousReleaseInOneCommandPerHostPinsItAndLapsesOnANewerCommit()
      throws Exception {
    List<String> commits = deployThree();

    CliRun dryRun = capstan("rollback", "--dry-run");
    assertEquals(0, dryRun.exitCode(), dryRun.all());
    assertTrue(
        dryRun.out().contains("would roll back to " + shortOf(commits.get(1))), dryRun.all());
    assertEquals(commits.get(2), liveCommit(0), "a dry run changes nothing");
    assertEquals(PinState.NONE, pins().read("test"));

    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    RollbackReport report;
    try (Rollout rollout = rollout(counting)) {
      DesiredState state =
          pins().overlay(dev.capstan.model.DesiredStateLoader.load(fleet.yamlFile()));
      report =
          rollout
              .rollbacks()
              .rollBack(
                  state,
                  state.environments().get("test"),
                  pins(),
                  new Rollbacks.Request(
                      null,
                      "checkout broken",
                      new SwitchedBy("alice@laptop", null),
                      false,
                      false,
                      true),
                  ProgressListener.NONE);
    }
    assertTrue(report.rolledBack(), report.toString());
    assertEquals(commits.get(1), report.commit());
    assertEquals(commits.get(2), report.leaving());
    for (int host = 0; host < 2; host++) {
      assertEquals(commits.get(1), liveCommit(host));
      assertEquals(
          1,
          counting.commands(fleet.hosts().address(host).toString()),
          "one remote command per host after the connection");
      String lastSwitch = lastLine(fleet.deployDir(host).resolve("revisions.log"));
      assertTrue(
          lastSwitch.contains("by=\"alice@laptop\"")
              && lastSwitch.contains("reason=\"rollback: checkout broken\""),
          lastSwitch);
    }
    assertEquals(2, counting.connections());
    PinState pins = pins().read("test");
    assertEquals(commits.get(1), pins.pin().commit());
    assertEquals(Pin.BY_ROLLBACK, pins.pin().setBy());
    assertEquals("checkout broken", pins.pin().reason());
    assertTrue(pins.vetoOf(commits.get(2)) != null, pins.toString());

    CliRun stays = capstan("apply");
    assertEquals(0, stays.exitCode(), stays.all());
    assertTrue(
        stays.out().contains("pinned to " + shortOf(commits.get(1)) + " by rollback"), stays.all());
    assertEquals(commits.get(1), liveCommit(1), "apply never undoes a rollback");

    String fix = commit("v4");
    CliRun lapsed = capstan("apply");
    assertEquals(0, lapsed.exitCode(), lapsed.all());
    assertTrue(lapsed.out().contains("by rollback lapsed"), lapsed.all());
    assertEquals(fix, liveCommit(0));
    assertEquals(fix, liveCommit(1));
  }

  @Test
  void worksWithTheRepositoryMovedAwayAndBuildsAMissingReleaseFromTheMirror() throws Exception {
    List<String> commits = deployThree();
    // The first release is gone from the second host: it is built there from the mirror.
    deleteReleasesOf(1, commits.get(0));
    Path repo = fleet.repo().dir();
    Path moved = fleet.work().resolve("repo-moved-away");
    Files.move(repo, moved);
    try {
      CliRun back = capstan("rollback", "--to", shortOf(commits.get(0)), "--reason", "bad");
      assertEquals(0, back.exitCode(), back.all());
      assertTrue(back.out().contains("rolled back to " + shortOf(commits.get(0))), back.all());
      assertTrue(back.out().contains("no release to roll back to"), back.all());
      assertTrue(back.out().contains("brought there by a regular pass"), back.all());
      assertEquals(commits.get(0), liveCommit(0));
      assertEquals(commits.get(0), liveCommit(1));

      CliRun history = capstan("history");
      assertEquals(0, history.exitCode(), history.all());
      assertTrue(history.out().contains("v3"), history.all());
    } finally {
      Files.move(moved, repo);
    }
  }

  @Test
  void refusesAMissingReleaseTheMirrorLacksWhileTheServerIsUnreachableAndChangesNothing()
      throws Exception {
    List<String> commits = deployThree();
    deleteReleasesOf(0, commits.get(0));
    deleteReleasesOf(1, commits.get(0));
    Path repo = fleet.repo().dir();
    Path moved = fleet.work().resolve("repo-moved-away");
    Files.move(repo, moved);
    try {
      CliRun refused =
          CliRun.run(
              "rollback",
              "-f",
              fleet.yamlFile().toString(),
              "--env",
              "test",
              "--to",
              commits.get(0),
              "--state-dir",
              stateDir().toString(),
              "--cache-dir",
              fleet.work().resolve("empty-cache").toString());
      assertEquals(1, refused.exitCode(), refused.all());
      assertTrue(refused.all().contains("no complete release of commit"), refused.all());
      assertTrue(
          refused.all().contains("and it could not be built: ")
              && refused.all().contains("nothing was changed"),
          refused.all());
      assertEquals(commits.get(2), liveCommit(0), "nothing changed");
      assertEquals(commits.get(2), liveCommit(1), "nothing changed");
      assertEquals(PinState.NONE, pins().read("test"), "no pin, no veto left behind");
    } finally {
      Files.move(moved, repo);
    }
  }

  @Test
  void aTargetFailingItsHealthCheckGoesBackAndLeavesNoPinOrVeto() throws Exception {
    List<String> commits = deployThree();
    // The release before is broken now (say a dependency it needs went away).
    Files.writeString(
        fleet.yamlFile(),
        Files.readString(fleet.yamlFile())
            .replace("test -f version.txt", "! grep -q v2 version.txt"));

    CliRun failed = capstan("rollback");
    assertEquals(1, failed.exitCode(), failed.all());
    assertTrue(failed.out().contains("health check"), failed.all());
    assertTrue(failed.out().contains("back on "), failed.all());
    for (int host = 0; host < 2; host++) {
      assertEquals(commits.get(2), liveCommit(host), "back on the release it left");
      try (Stream<Path> releases = Files.list(fleet.deployDir(host).resolve("releases"))) {
        Path v2 =
            releases.filter(r -> r.toString().endsWith(shortOf(commits.get(1)))).findFirst().get();
        assertTrue(
            Files.readString(v2.resolve(".capstan/release.json")).contains("\"state\":\"failed\""),
            "the release that failed its check is marked failed");
      }
    }
    assertEquals(PinState.NONE, pins().read("test"), "no pin, no veto: nothing was rolled back");
  }

  @Test
  void underARunningControllerFollowingABranchHoldsUntilANewCommitLiftsThePin() throws Exception {
    writeDesiredState("1s");
    String good = commit("v1");
    try (FileRuntime runtime = FileRuntime.start(config())) {
      Eventually.await(CONVERGE, "v1 is live", () -> good.equals(liveCommitOrNull(1)));
      String bad = commit("v2");
      Eventually.await(CONVERGE, "the tip v2 is followed", () -> bad.equals(liveCommitOrNull(1)));
      Eventually.await(
          CONVERGE,
          "the controller is idle",
          () -> bad.equals(status(runtime).path("commit").asText()));

      CliRun back = capstan("rollback", "--reason", "checkout broken");
      assertEquals(0, back.exitCode(), back.all());
      assertEquals(good, liveCommit(0));
      assertEquals(good, liveCommit(1));

      String seen = status(runtime).path("lastReconcile").asText();
      List<String> passes = new ArrayList<>();
      Eventually.await(
          CONVERGE,
          "three more passes of the controller",
          () -> {
            String now = status(runtime).path("lastReconcile").asText();
            if (now.compareTo(seen) > 0 && !passes.contains(now)) {
              passes.add(now);
            }
            return passes.size() >= 3;
          });
      assertEquals(good, liveCommit(0), "the controller never redeploys the vetoed tip");
      assertEquals(good, liveCommit(1), "the controller never redeploys the vetoed tip");
      assertTrue(
          status(runtime).path("pinNote").asText().startsWith("pinned to " + shortOf(good)),
          status(runtime).toString());

      String fix = commit("v3");
      Eventually.await(CONVERGE, "the fix lifts the pin", () -> fix.equals(liveCommitOrNull(0)));
      Eventually.await(CONVERGE, "on every host", () -> fix.equals(liveCommitOrNull(1)));
    }
  }

  private List<String> deployThree() throws Exception {
    List<String> commits = new ArrayList<>();
    writeDesiredState("1h");
    for (String version : List.of("v1", "v2", "v3")) {
      commits.add(commit(version));
      CliRun apply = capstan("apply");
      assertEquals(0, apply.exitCode(), apply.all());
    }
    return commits;
  }

  private String commit(String version) {
    fleet.repo().write("app/version.txt", version + "\n");
    return fleet.repo().commit("Release " + version);
  }

  private void deleteReleasesOf(int host, String commit) throws IOException {
    try (Stream<Path> releases = Files.list(fleet.deployDir(host).resolve("releases"))) {
      for (Path release : releases.filter(r -> r.toString().endsWith(shortOf(commit))).toList()) {
        try (Stream<Path> tree = Files.walk(release)) {
          for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  private String liveCommitOrNull(int host) {
    try {
      return liveCommit(host);
    } catch (IOException e) {
      return null;
    }
  }

  private JsonNode status(FileRuntime runtime) {
    Path file = runtime.stateDir().resolve("test.json");
    try {
      return Files.exists(file)
          ? new ObjectMapper().readTree(Files.readString(file))
          : new ObjectMapper().createObjectNode();
    } catch (IOException e) {
      return new ObjectMapper().createObjectNode(); // written meanwhile: read it next time
    }
  }

  private FileRuntime.Config config() {
    return fleet.controllerConfig();
  }

  private String liveCommit(int host) throws IOException {
    return Files.readString(fleet.deployDir(host).resolve("current/REVISION")).strip();
  }

  private static String lastLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return lines.get(lines.size() - 1);
  }

  private static String shortOf(String commit) {
    return commit.substring(0, 7);
  }

  private FilePins pins() {
    return new FilePins(stateDir());
  }

  private Path stateDir() {
    return fleet.stateDir();
  }

  private Rollout rollout(dev.capstan.host.HostConnector connector) {
    return new Rollout(
        connector,
        new MirrorSources(new RepositoryMirrors(fleet.cacheDir())),
        new FileCredentials(),
        Rollout.Settings.defaults("capstan@test"));
  }

  private CliRun capstan(String command, String... rest) {
    return fleet.capstanOn("test", command, rest);
  }

  private void writeDesiredState(String pollInterval) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app, pollInterval: " + pollInterval + "}",
        "  deployPath: " + fleet.deployPath(),
        "  keepReleases: 5",
        "  healthCheck: {command: \"test -f version.txt\", timeoutSeconds: 5, retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: tiny",
        "  revision: main",
        "  rollout: {maxParallel: 2}",
        "  hosts: ["
            + Fleet.yamlList(List.of(fleet.hosts().address(0), fleet.hosts().address(1)))
            + "]",
        fleet.sshYaml(),
        "");
  }
}
