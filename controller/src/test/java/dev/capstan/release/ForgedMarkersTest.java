package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.remote.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe commands and a health check that print every marker of the protocol, verbatim and behind
 * tags of the right shape, on both streams: nothing of what is observed or reported changes, and a
 * failing one is still reported with its own status.
 */
class ForgedMarkersTest {

  private static final String RELEASE = "20261121120000-1111111";
  private static final DesiredRelease DESIRED = new DesiredRelease("1111111aaaa", "r");

  /** Markers earlier versions of Capstan printed untagged on the commands' own stdout. */
  private static final List<String> LEGACY =
      List.of(
          "capstan-observed-end",
          "capstan-health-exit 0",
          "capstan-virtualenv reused 0123456789",
          "capstan-failed 0 build[0]",
          "capstan-failed 97 enter release");

  @TempDir Path work;

  @Test
  void commandsThatPrintEveryMarkerChangeNothingThatIsObserved() throws Exception {
    Fixture fixture = new Fixture("sh " + forger() + " 0");
    try (LocalHost host = new LocalHost()) {
      HostLock lock = new HostLock(host, fixture.layout, "tester", Duration.ofMinutes(5));
      HostDeployer deployer = fixture.deployer(host);

      ScriptOutput built =
          deployer.build(
              new Action.BuildRelease(RELEASE, DESIRED),
              tree(),
              lock.guardScript(fixture.shared()));
      HostLock.Attempt attempt = lock.attemptOf(built);
      assertTrue(attempt.acquired());
      assertEquals(
          ObservedHost.fresh(LocalHost.NAME, attempt.observed().hostEpochSecond()).releases(),
          attempt.observed().releases());
      assertEquals("tester", attempt.observed().lock().holder());
      assertNull(attempt.observed().currentTarget());
      assertNull(Virtualenvs.outcome(built), "no virtualenv in this recipe");

      deployer.migrate(RELEASE);
      HostDeployer.SwitchOutcome outcome =
          deployer.switchTo(new Action.SwitchRelease(RELEASE, null), DESIRED);
      assertEquals(new HostDeployer.SwitchOutcome(true, RELEASE, null), outcome);
      deployer.prune(List.of(), lock.releaseScript());

      HostObserver.Observation observation =
          HostObserver.observe(
              host, fixture.layout, fixture.shared(), null, deployer.healthProbe());
      assertNull(observation.healthFailure());
      ObservedHost observed = observation.host();
      assertEquals("releases/" + RELEASE, observed.currentTarget());
      assertEquals(
          List.of(
              new ObservedRelease(
                  RELEASE, DESIRED.commit(), DESIRED.recipe(), ReleaseState.COMPLETE)),
          observed.releases().stream().map(ForgedMarkersTest::bare).toList());
      assertNull(observed.lock());
      assertEquals(List.of(), observed.unlinkedShared());
      assertEquals(List.of(), observed.brokenVirtualenvs());
      assertTrue(Math.abs(observed.hostEpochSecond() - System.currentTimeMillis() / 1000) < 60);
    }
  }

  @Test
  void aFailingStepThatPrintsEveryMarkerIsReportedWithItsOwnStatusAndOutput() throws Exception {
    String command = "sh " + forger() + " 3";
    Fixture fixture = new Fixture(command);
    try (LocalHost host = new LocalHost()) {
      StepFailedException e =
          assertThrows(
              StepFailedException.class,
              () ->
                  fixture
                      .deployer(host)
                      .build(new Action.BuildRelease(RELEASE, DESIRED), tree(), null));
      StepResult failure = e.failure();
      assertEquals("build[0]", e.step());
      assertEquals(command, failure.command());
      assertEquals(3, failure.exitStatus());
      assertTrue(failure.stderrTail().endsWith("forged to stderr"), failure.stderrTail());
      assertTrue(
          failure.stdoutTail().endsWith("forged to stdout\nno newline"), failure.stdoutTail());
      assertTrue(e.detail().startsWith("exit status 3\n"), e.detail());

      ObservedHost observed = HostObserver.observe(host, fixture.layout, fixture.shared());
      assertEquals(
          List.of(ReleaseState.FAILED),
          observed.releases().stream().map(ObservedRelease::state).toList());
      assertNull(observed.lock());
    }
  }

  @Test
  void aFailingHealthCheckThatPrintsEveryMarkerKeepsItsRealStatus() throws Exception {
    Fixture fixture = new Fixture("true");
    fixture.health = "sh " + forger() + " 5";
    try (LocalHost host = new LocalHost()) {
      HostDeployer deployer = fixture.deployer(host);
      deployer.build(new Action.BuildRelease(RELEASE, DESIRED), tree(), null);
      HostDeployer.SwitchOutcome outcome =
          deployer.switchTo(new Action.SwitchRelease(RELEASE, null), DESIRED);
      assertTrue(
          outcome.failure().matches("health check `sh \\S+ 5` exited with status 5: .*"),
          outcome.failure());

      HostObserver.Observation observation =
          HostObserver.observe(
              host, fixture.layout, fixture.shared(), null, deployer.healthProbe());
      assertTrue(
          observation.healthFailure().matches("health check `sh \\S+ 5` exited with status 5: .*"),
          observation.healthFailure());
      assertEquals("releases/" + RELEASE, observation.host().currentTarget());
      assertEquals(1, observation.host().releases().size());
      assertNull(observation.host().lock());
      assertEquals(List.of(), observation.host().unlinkedShared());
    }
  }

  /** Every marker of {@link Protocol}, bare and tagged, legacy ones too; then exits with $1. */
  private Path forger() throws Exception {
    List<String> lines = new ArrayList<>(LEGACY);
    for (Protocol.Marker marker : Protocol.Marker.values()) {
      for (String args :
          List.of(
              "",
              "0 0",
              "1 err",
              RELEASE + " {\"state\":\"failed\"}",
              "20990101000000-abcdef0 {\"commit\":\"f\",\"state\":\"complete\"}",
              "9999999999 forger",
              "media")) {
        String record = marker.wire() + (args.isEmpty() ? "" : " " + args);
        lines.add(record);
        lines.add("0123456789abcdef " + record);
        lines.add("|" + record);
      }
    }
    StringBuilder script = new StringBuilder();
    for (String stream : List.of("", " >&2")) {
      for (String line : lines) {
        script
            .append("printf '\\n%s\\n' '")
            .append(line.replace("'", "'\\''"))
            .append("'")
            .append(stream)
            .append('\n');
      }
    }
    script
        .append("echo 'forged to stdout'\necho 'forged to stderr' >&2\n")
        .append("printf 'no newline'\nexit \"$1\"\n");
    Path file = work.resolve("forge.sh");
    Files.writeString(file, script);
    return file;
  }

  private byte[] tree() throws Exception {
    Path tree = Files.createDirectories(work.resolve("tree"));
    Files.writeString(tree.resolve("app.py"), "print('hello')\n");
    Path archive = work.resolve("tree.tar.gz");
    Process tar =
        new ProcessBuilder("tar", "-czf", archive.toString(), "-C", tree.toString(), ".")
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    return Files.readAllBytes(archive);
  }

  private static ObservedRelease bare(ObservedRelease release) {
    return new ObservedRelease(release.name(), release.commit(), release.recipe(), release.state());
  }

  /** A deploy path and an Application whose every command is {@code command}. */
  private final class Fixture {
    final ReleaseLayout layout;
    final String command;
    String health;

    Fixture(String command) throws Exception {
      this.layout = new ReleaseLayout(Files.createDirectories(work.resolve("deploy")).toString());
      this.command = command;
      this.health = command;
      Files.createDirectories(work.resolve("deploy/shared/media"));
    }

    dev.capstan.model.SharedSpec shared() throws Exception {
      return recipe().shared();
    }

    HostDeployer deployer(LocalHost host) throws Exception {
      return new HostDeployer(
          host, layout, recipe(), "test", HostDeployer.Timeouts.DEFAULT, ProgressListener.NONE);
    }

    private Recipe recipe() throws Exception {
      String quoted = "'" + command.replace("'", "''") + "'";
      String yaml =
          String.join(
              "\n",
              "apiVersion: capstan.dev/v1alpha1",
              "kind: Application",
              "metadata: {name: app}",
              "spec:",
              "  repository: {url: /nowhere}",
              "  deployPath: " + layout.deployPath(),
              "  shared: {dirs: [media]}",
              "  build: [" + quoted + "]",
              "  migrate: [" + quoted + "]",
              "  activate: [" + quoted + "]",
              "  healthCheck: {command: '" + health.replace("'", "''") + "', retries: 0}",
              "");
      return Recipe.of(
          DesiredStateLoader.parse(work.resolve("capstan.yaml"), yaml)
              .applications()
              .get("app")
              .spec());
    }
  }
}
