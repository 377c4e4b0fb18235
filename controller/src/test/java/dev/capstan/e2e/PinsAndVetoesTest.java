package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FilePins;
import dev.capstan.file.FileRuntime;
import dev.capstan.model.Pin;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pins and vetoes set by command, on a real OpenSSH host: {@code apply} and a running controller
 * honour them, kept in the state folder and never in the YAML.
 */
class PinsAndVetoesTest {

  private static final String MOUNT = "/srv/capstan-pins";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void pinHoldsOverANewCommitUntilUnpin() throws Exception {
    String first = commitApp("v1");
    writeDesiredState("1h");
    assertEquals(0, apply().exitCode());
    String yaml = Files.readString(fleet.yamlFile());

    CliRun pin = capstan("pin", first.substring(0, 7), "--reason", "checkout broken");
    assertEquals(0, pin.exitCode(), pin.all());
    assertTrue(pin.out().contains("pinned to " + first + " by pin"), pin.all());
    String second = commitApp("v2");

    CliRun held = apply();
    assertEquals(0, held.exitCode(), held.all());
    assertTrue(
        held.out().contains("pinned to " + first.substring(0, 7) + " by pin: \"checkout broken\""),
        held.all());
    assertEquals(first, liveCommit());
    JsonNode status = status();
    assertEquals(first, status.at("/pin/commit").asText(), status.toString());
    assertEquals("pin", status.at("/pin/setBy").asText(), status.toString());
    assertEquals(yaml, Files.readString(fleet.yamlFile()), "the user's YAML is never rewritten");

    CliRun unpin = capstan("unpin");
    assertEquals(0, unpin.exitCode(), unpin.all());
    CliRun follows = apply();
    assertEquals(0, follows.exitCode(), follows.all());
    assertEquals(second, liveCommit());
  }

  @Test
  void vetoOnTheCurrentTipKeepsApplyOnTheLiveCommit() throws Exception {
    String good = commitApp("v1");
    writeDesiredState("1h");
    assertEquals(0, apply().exitCode());
    String bad = commitApp("v2");

    CliRun veto = capstan("veto", "main", "--reason", "checkout broken");
    assertEquals(0, veto.exitCode(), veto.all());
    assertTrue(veto.out().contains("vetoed " + bad), veto.all());

    CliRun apply = apply();
    assertEquals(0, apply.exitCode(), apply.all());
    assertTrue(
        apply
            .out()
            .contains(
                "held: "
                    + bad.substring(0, 7)
                    + " is vetoed: \"checkout broken\"; staying on "
                    + good.substring(0, 7)),
        apply.all());
    assertEquals(good, liveCommit());
    assertTrue(
        releases().stream().noneMatch(r -> r.endsWith(bad.substring(0, 7))),
        "a vetoed commit is not even built: " + releases());
    CliRun plan = capstan("plan");
    assertTrue(plan.out().contains("held: " + bad.substring(0, 7) + " is vetoed"), plan.all());

    assertEquals(0, capstan("unveto", bad.substring(0, 9)).exitCode());
    assertEquals(0, apply().exitCode());
    assertEquals(bad, liveCommit());
  }

  @Test
  void aRollbackPinLapsesWhenTheBranchMovesPastTheVetoedCommit() throws Exception {
    String good = commitApp("v1");
    writeDesiredState("1h");
    assertEquals(0, apply().exitCode());
    String bad = commitApp("v2");
    assertEquals(0, apply().exitCode());
    // What rollback will set through the same port.
    FilePins pins = new FilePins(stateDir());
    pins.pin("test", good, "checkout broken", Pin.BY_ROLLBACK);
    pins.veto("test", bad, "checkout broken");

    CliRun back = apply();
    assertEquals(0, back.exitCode(), back.all());
    assertEquals(good, liveCommit());
    assertTrue(
        back.out().contains("pinned to " + good.substring(0, 7) + " by rollback"), back.all());

    String fix = commitApp("v3");
    CliRun lapsed = apply();
    assertEquals(0, lapsed.exitCode(), lapsed.all());
    assertEquals(fix, liveCommit());
    assertTrue(
        lapsed
            .out()
            .contains(
                "pin to "
                    + good.substring(0, 7)
                    + " by rollback lapsed: "
                    + fix.substring(0, 7)
                    + " is newer than vetoed "
                    + bad.substring(0, 7)),
        lapsed.all());
  }

  @Test
  void aRunningControllerPicksUpAPinAtOnceAndKeepsIt() throws Exception {
    String first = commitApp("v1");
    writeDesiredState("1s");
    try (FileRuntime runtime = FileRuntime.start(config())) {
      Eventually.await(CONVERGE, "the first commit is live", () -> first.equals(liveCommit()));
      String second = commitApp("v2");
      Eventually.await(CONVERGE, "the branch tip is followed", () -> second.equals(liveCommit()));
      Eventually.await(
          CONVERGE,
          "the controller is idle",
          () -> second.equals(status(runtime).at("/commit").asText()));

      CliRun pin = capstan("pin", first, "--reason", "bad tip");
      assertEquals(0, pin.exitCode(), pin.all());
      Eventually.await(
          Duration.ofSeconds(2),
          "the controller takes the pin up and starts rolling it out",
          () -> first.equals(status(runtime).at("/pin/commit").asText()));
      Eventually.await(CONVERGE, "the pinned commit is live", () -> first.equals(liveCommit()));

      String lastReconcile = status(runtime).at("/lastReconcile").asText();
      Eventually.await(
          CONVERGE, "several more passes", () -> reconcilesAfter(runtime, lastReconcile, 3));
      assertEquals(first, liveCommit(), "the controller never undoes the pin");
      assertTrue(
          status(runtime).at("/pinNote").asText().startsWith("pinned to " + first.substring(0, 7)),
          status(runtime).toString());
    }
  }

  private final List<String> seenReconciles = new ArrayList<>();

  /** Whether the controller passed over the Environment {@code count} times since {@code after}. */
  private boolean reconcilesAfter(FileRuntime runtime, String after, int count) throws IOException {
    String now = status(runtime).at("/lastReconcile").asText();
    if (now.compareTo(after) > 0 && !seenReconciles.contains(now)) {
      seenReconciles.add(now);
    }
    return seenReconciles.size() >= count;
  }

  private FileRuntime.Config config() {
    return fleet.controllerConfig();
  }

  private JsonNode status(FileRuntime runtime) throws IOException {
    Path file = runtime.stateDir().resolve("test.json");
    return Files.exists(file) ? json.readTree(Files.readString(file)) : json.createObjectNode();
  }

  private JsonNode status() throws IOException {
    CliRun status = capstan("status", "-o", "json");
    assertEquals(0, status.exitCode(), status.all());
    return json.readTree(status.out()).at("/environments/0");
  }

  private String commitApp(String version) {
    fleet.repo().write("app/version.txt", version + "\n");
    return fleet.repo().commit(version);
  }

  private Path stateDir() {
    return fleet.stateDir();
  }

  private CliRun apply() {
    return capstan("apply");
  }

  private CliRun capstan(String command, String... rest) {
    return fleet.capstanOn("test", command, rest);
  }

  private void writeDesiredState(String pollInterval) throws IOException {
    Files.writeString(
        fleet.yamlFile(),
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: tiny}",
            "spec:",
            "  repository: {url: repo, subPath: app, pollInterval: " + pollInterval + "}",
            "  deployPath: " + fleet.deployPath(),
            "  keepReleases: 3",
            "  healthCheck: {command: \"test -f version.txt\", timeoutSeconds: 5, retries: 0}",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: test}",
            "spec:",
            "  application: tiny",
            "  revision: main",
            "  hosts: [\"" + fleet.hosts().address(0) + "\"]",
            fleet.sshYaml(),
            "  driftInterval: 1s",
            ""));
  }

  private String liveCommit() throws IOException {
    Path revision = fleet.deployDir(0).resolve("current/REVISION");
    return Files.exists(revision) ? Files.readString(revision).strip() : null;
  }

  private List<String> releases() throws IOException {
    Path dir = fleet.deployDir(0).resolve("releases");
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
