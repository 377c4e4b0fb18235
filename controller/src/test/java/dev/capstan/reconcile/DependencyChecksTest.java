package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.release.HostPackages;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.PackageIndex;
import dev.capstan.testing.RequiredTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller's dependency checks against a real host cost commands only for what is new: a live
 * release's packages once, the index once per {@code upkeep.interval}, the advisories never (they
 * are on the controller, read again when their files change).
 */
class DependencyChecksTest {

  private static final String MOUNT = "/srv/capstan-depchecks";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private static PackageIndex index;

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-12-02T06:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeAll
  static void serveIndex() throws Exception {
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "ensurepip", "python3-venv");
    index =
        PackageIndex.in(fleet.work().resolve("index"))
            .add("demolib", "1.0.0")
            .add("demolib", "1.0.1")
            .serve();
  }

  @AfterAll
  static void stopIndex() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void onlyANewReleaseOrADueIndexCostsACommandAndChangedAdvisoriesAreReadAgain() throws Exception {
    Path advisories = Files.createDirectories(fleet.work().resolve("osv"));
    Files.writeString(advisories.resolve("a.json"), record("PYSEC-2026-1", "1.0.1"));
    fleet.repo().write("app/requirements.txt", "demolib==1.0.0\n").write("app/version.txt", "1\n");
    String commit = fleet.repo().commit("demolib 1.0.0");
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: pyapp}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt}",
        "  env: {PIP_INDEX_URL: \"" + index.url() + "\"}",
        "  upkeep: {index: {url: \"" + index.url() + "\"}, advisories: {dir: osv}, interval: 1h}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: pyapp",
        "  revision: " + commit,
        "  hosts: [" + Fleet.yamlList(fleet.hosts().addresses()) + "]",
        fleet.sshYaml(),
        "");
    CliRun apply = fleet.apply();
    assertEquals(0, apply.exitCode(), apply.all());
    DesiredState state = DesiredStateLoader.load(fleet.yamlFile());
    String host = fleet.hosts().address(0).toString();
    String release = fleet.deployDir(0).resolve("current").toRealPath().getFileName().toString();
    Map<String, String> live = Map.of(host, release);

    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    TestClock clock = new TestClock();
    DependencyChecks checks =
        new DependencyChecks(
            () -> state,
            new EnvironmentDependencies(counting, new FileCredentials(), new HostPackages()),
            (name, status) -> {},
            clock);

    DependencyStatus first = checks.checkNow("test", live);
    assertEquals(1, first.vulnerable(), first.toString());
    assertEquals(1, first.outdated(), first.toString());
    assertEquals(2, counting.commands(host), "the release's packages, then the index");

    clock.now = clock.now.plus(Duration.ofMinutes(30));
    DependencyStatus second = checks.checkNow("test", live);
    assertEquals(2, counting.commands(host), "nothing new: no command");
    assertEquals(first.vulnerable(), second.vulnerable());
    assertEquals(first.indexCheckedAt(), second.indexCheckedAt(), "the index's answer is kept");

    clock.now = clock.now.plus(Duration.ofMinutes(31));
    DependencyStatus third = checks.checkNow("test", live);
    assertEquals(3, counting.commands(host), "the interval passed: the index, once more");
    assertEquals(clock.now, third.indexCheckedAt());

    Files.writeString(advisories.resolve("b.json"), record("PYSEC-2026-2", "2.0.0"));
    DependencyStatus fourth = checks.checkNow("test", live);
    assertEquals(3, counting.commands(host), "advisories are read on the controller");
    assertEquals(2, fourth.advisories());
    assertNotEquals(first.advisoriesDigest(), fourth.advisoriesDigest());
    assertTrue(fourth.vulnerablePackages().get(0).contains("PYSEC-2026-2"), fourth.toString());
  }

  private static String record(String id, String fixed) {
    return dev.capstan.testing.OsvRecords.record(id, null, "demolib", fixed, "demo");
  }
}
