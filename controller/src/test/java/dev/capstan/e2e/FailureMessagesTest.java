package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.SharedSpec;
import dev.capstan.release.HostLock;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.remote.Protocol;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.OpenSshTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of failures a person meets, on a real OpenSSH host: for each, the exact line {@code
 * apply} prints and the exact state, reason and message {@code status} shows (as JSON and as its
 * table). Each names the host once, the step and its command, the real exit status and the step's
 * own output, and carries no protocol record.
 */
class FailureMessagesTest {

  private static final String MOUNT = "/srv/capstan-messages";
  private static final String OTHER_DEPLOYER = "capstan@elsewhere:4242:0badcafe";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  /** One row of the table: what to break, and what a person then reads. */
  record Case(
      String build,
      String health,
      Breakage breakage,
      String state,
      String reason,
      String message) {}

  enum Breakage {
    NONE,
    UNKNOWN_HOST_KEY,
    REFUSED_LOGIN,
    LOCK_HELD
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        row(
            "build fails, nothing on stderr",
            new Case(
                "test ! -f version.txt",
                null,
                Breakage.NONE,
                "Failed",
                "BuildFailed",
                "commit {c}: build[0] `test ! -f version.txt` exited with status 1")),
        row(
            "build fails with stderr",
            new Case(
                "echo compiling; echo 'boom: missing msgfmt' >&2; exit 3",
                null,
                Breakage.NONE,
                "Failed",
                "BuildFailed",
                "commit {c}: build[0] `echo compiling; echo 'boom: missing msgfmt' >&2; exit 3`"
                    + " exited with status 3: boom: missing msgfmt")),
        row(
            "build fails with only stdout",
            new Case(
                "echo building; exit 3",
                null,
                Breakage.NONE,
                "Failed",
                "BuildFailed",
                "commit {c}: build[0] `echo building; exit 3` exited with status 3: building")),
        row(
            "health check exits 7",
            new Case(
                "true",
                "grep -qv unhealthy version.txt || exit 7",
                Breakage.NONE,
                "RolledBack",
                "RolledBack",
                "commit {c}: health check `grep -qv unhealthy version.txt || exit 7` exited with"
                    + " status 7;"
                    + " rolled back to {previous}")),
        row(
            "unknown host key",
            new Case(
                "true",
                null,
                Breakage.UNKNOWN_HOST_KEY,
                "Failed",
                "HostKeyRefused",
                "host key for [127.0.0.1]:{port} is not in {knownHosts}" + " ({offeredKey})")),
        row(
            "refused login",
            new Case(
                "true",
                null,
                Breakage.REFUSED_LOGIN,
                "Failed",
                "LoginRefused",
                "user root was refused with the private key {key}")),
        row(
            "lock held by another live deployer",
            new Case(
                "true",
                null,
                Breakage.LOCK_HELD,
                "Waiting",
                "LockBusy",
                "locked by " + OTHER_DEPLOYER)));
  }

  private static Arguments row(String name, Case failure) {
    return Arguments.of(Named.of(name, failure));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void eachFailureReadsTheSameInApplyAndStatus(Case failure) throws Exception {
    String name = "case" + Math.abs(failure.hashCode());
    Path deployDir = fleet.hosts().host(0).hostDir().resolve(name);
    String deployPath = MOUNT + "/" + name;
    Path yaml = fleet.work().resolve(name + ".yaml");
    Path knownHosts = fleet.hosts().knownHosts();
    Path key = fleet.hosts().privateKey();
    String previous = null;
    if (failure.health() != null) {
      Files.writeString(
          yaml,
          desiredState(
              commit("good", "true", null), deployPath, knownHosts, key, "true", failure.health()));
      assertEquals(0, apply(yaml).exitCode());
      previous = Files.readSymbolicLink(deployDir.resolve("current")).getFileName().toString();
    }
    String commit = commit("unhealthy-" + name, failure.build(), failure.health());
    String expected =
        failure
            .message()
            .replace("{c}", commit.substring(0, 7))
            .replace("{previous}", String.valueOf(previous));
    switch (failure.breakage()) {
      case UNKNOWN_HOST_KEY -> {
        knownHosts = fleet.work().resolve(name + "-known_hosts");
        Files.writeString(knownHosts, "");
      }
      case REFUSED_LOGIN -> {
        key = OpenSshTools.keygen(fleet.work().resolve(name + "-stranger"), "ed25519");
      }
      case LOCK_HELD -> holdLock(deployPath);
      case NONE -> {}
    }
    Files.writeString(
        yaml,
        desiredState(
            commit,
            deployPath,
            knownHosts,
            key,
            failure.build(),
            failure.health() == null ? "true" : failure.health()));

    CliRun apply = apply(yaml);
    CliRun json =
        CliRun.run(
            "status",
            "-f",
            yaml.toString(),
            "-o",
            "json",
            "--cache-dir",
            fleet.work().resolve("cache").toString());
    CliRun table =
        CliRun.run(
            "status",
            "-f",
            yaml.toString(),
            "--cache-dir",
            fleet.work().resolve("cache").toString());

    String host = fleet.hosts().address(0).toString();
    JsonNode line = new ObjectMapper().readTree(json.out()).at("/environments/0/hosts/0");
    String message = line.path("message").asText();
    // The offered key is described as the host's sshd gives it: its type and SHA256 fingerprint.
    String offeredKey = message.replaceFirst(".*\\((.*)\\)$", "$1");
    assertTrue(
        offeredKey.contains("SHA256:") || failure.breakage() != Breakage.UNKNOWN_HOST_KEY, message);
    expected =
        expected
            .replace("{port}", String.valueOf(fleet.hosts().host(0).port()))
            .replace("{knownHosts}", knownHosts.toString())
            .replace("{key}", key.toString())
            .replace("{offeredKey}", offeredKey);
    assertEquals(1, apply.exitCode(), apply.all());
    assertEquals(expected, message, json.all());
    assertEquals(failure.state(), line.path("state").asText(), json.all());
    assertEquals(failure.reason(), line.path("reason").asText(), json.all());
    String live = previous == null ? "" : " " + previous;
    assertTrue(
        apply
            .out()
            .contains(
                "\n  "
                    + host
                    + ": "
                    + failure.state()
                    + (failure.state().equals(failure.reason())
                        ? ""
                        : " (" + failure.reason() + ")")
                    + live
                    + ": "
                    + expected
                    + "\n"),
        "apply prints the failure with its host once:\n" + apply.all());
    assertEquals(1, occurrences(apply.out(), expected), "printed once:\n" + apply.all());
    assertTrue(
        table.out().contains(failure.state())
            && table.out().contains(failure.reason())
            && table.out().contains(expected.replace("\n", "; ")),
        table.all());
    assertEquals(0, occurrences(message, host), "the message does not name the host: " + message);
    assertNoProtocol(message);
    assertNoProtocol(apply.out());
  }

  private static void assertNoProtocol(String text) {
    for (String lineText : text.split("\n")) {
      for (Protocol.Marker marker : Protocol.Marker.values()) {
        assertFalse(
            Pattern.compile("^\\S+ " + Pattern.quote(marker.wire()) + "( |$)")
                .matcher(lineText.strip())
                .find(),
            "a protocol record (" + marker.wire() + ") leaked: " + lineText);
      }
      assertFalse(
          Pattern.compile("\\b[0-9a-f]{16}\\b").matcher(lineText).find(),
          "a script's tag leaked: " + lineText);
      assertFalse(
          lineText.contains("capstan-observed") || lineText.startsWith("|"),
          "protocol text leaked: " + lineText);
    }
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }

  private static void holdLock(String deployPath) throws Exception {
    SshCredentials credentials =
        new SshCredentials(
            fleet.hosts().privateKey(),
            fleet.hosts().knownHosts(),
            SshCredentials.DEFAULT_CONNECT_TIMEOUT);
    try (RemoteHost host = new DefaultHostConnector().open(fleet.hosts().address(0), credentials)) {
      HostLock lock =
          new HostLock(host, new ReleaseLayout(deployPath), OTHER_DEPLOYER, Duration.ofMinutes(10));
      assertTrue(lock.tryAcquire(SharedSpec.NONE).acquired(), "the other deployer takes the lock");
    }
  }

  private static String commit(String version, String build, String health) {
    fleet.repo().write("app/version.txt", version + "\n");
    return fleet.repo().commit(version + Arrays.hashCode(new Object[] {build, health}));
  }

  private static CliRun apply(Path yaml) {
    return CliRun.run(
        "apply",
        "-f",
        yaml.toString(),
        "--lock-wait",
        "1",
        "--cache-dir",
        fleet.work().resolve("cache").toString());
  }

  private static String desiredState(
      String revision, String deployPath, Path knownHosts, Path key, String build, String health) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + deployPath,
        "  build: [\"" + build + "\"]",
        "  healthCheck: {command: \"" + health + "\", timeoutSeconds: 5, retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  hosts: [\"" + fleet.hosts().address(0) + "\"]",
        "  ssh:",
        "    privateKey: {file: " + key + "}",
        "    knownHosts: {file: " + knownHosts + "}",
        "");
  }
}
