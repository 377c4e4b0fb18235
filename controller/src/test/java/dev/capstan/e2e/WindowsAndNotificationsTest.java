package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FileRuntime;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deploy windows and webhooks under a real controller ({@code capstan run}'s FileRuntime) on a real
 * OpenSSH host: a new revision waits out a deny window (drift still corrected inside it) and rolls
 * out when it ends, with no other trigger; a local HTTP receiver gets one {@code Deployed} per
 * rollout and one {@code RolledBack} per rollback, each signed, none twice across a restart, and a
 * message sent while it was down arrives once it is back.
 */
class WindowsAndNotificationsTest {

  private static final String MOUNT = "/srv/capstan-wn";
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final String HMAC_KEY = "t0p-s3cret-hmac";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aNewRevisionWaitsOutADenyWindowWhileDriftIsStillCorrected() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String first = commitApp("v1");
      writeDesiredState(receiver, null);
      try (FileRuntime runtime = FileRuntime.start(fleet.controllerConfig())) {
        Eventually.await(CONVERGE, "v1 is live", () -> first.equals(liveCommit()));

        // A deny window that opened at this minute and closes about 25 s from now.
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ZonedDateTime opened = now.truncatedTo(ChronoUnit.MINUTES);
        long seconds = Duration.between(opened.toInstant(), now.toInstant()).toSeconds() + 25;
        Instant closes = opened.toInstant().plusSeconds(seconds);
        String window =
            "  - {kind: deny, schedule: \""
                + opened.getMinute()
                + " "
                + opened.getHour()
                + " * * *\", duration: "
                + seconds
                + "s, timeZone: UTC}";
        String second = commitApp("v2");
        writeDesiredState(receiver, window);
        Eventually.await(
            CONVERGE,
            "status shows v2 pending behind the window",
            () -> second.equals(status(runtime).at("/hold/pendingCommit").asText()));
        JsonNode hold = status(runtime).path("hold");
        assertTrue(hold.path("blockedBy").asText().startsWith("deny \""), hold.toString());
        Instant nextOpenAt = Instant.parse(hold.path("nextOpenAt").asText());
        assertEquals(closes.getEpochSecond(), nextOpenAt.getEpochSecond(), 1, hold.toString());
        assertEquals(first, liveCommit(), "nothing new rolls out inside the window");

        // Drift inside the window is still corrected, onto the release that is live.
        Path current = fleet.deployDir(0).resolve("current");
        Files.delete(current);
        Eventually.await(
            Duration.ofSeconds(20),
            "current is put back inside the window",
            () -> Files.exists(current) && first.equals(liveCommit()));
        assertTrue(Instant.now().isBefore(closes), "corrected while the window was still closed");

        Eventually.await(
            CONVERGE,
            "v2 rolls out once the window ends, untriggered",
            () -> second.equals(liveCommit()));
        assertFalse(Instant.now().isBefore(closes), "not before the window ended");
        Eventually.await(
            Duration.ofSeconds(20),
            "the receiver heard of the block and the deploy",
            () -> events(receiver, second).containsAll(List.of("WindowBlocked", "Deployed")));
        assertEquals(
            1,
            events(receiver, second).stream().filter("Deployed"::equals).count(),
            "one Deployed for the rollout");
      }
    }
  }

  @Test
  void webhooksHearEachDeployAndRollbackOnceSignedAcrossARestartAndAnOutage() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String first = commitApp("v1");
      writeDesiredState(receiver, null);
      try (FileRuntime runtime = FileRuntime.start(fleet.controllerConfig())) {
        Eventually.await(CONVERGE, "v1 is live", () -> first.equals(liveCommit()));
        Eventually.await(
            Duration.ofSeconds(20),
            "Deployed v1 arrives",
            () -> !deployed(receiver, first).isEmpty());
      }
      WebhookReceiver.Received v1 = deployed(receiver, first).get(0);
      JsonNode body = json.readTree(v1.body());
      assertEquals("test", body.path("environment").asText());
      assertEquals("Deployed", body.path("event").asText());
      assertEquals(first, body.path("commit").asText());
      assertEquals("v1", body.path("commitSubject").asText(), body.toString());
      assertEquals(List.of(fleet.hosts().address(0).toString()), hosts(body), body.toString());
      assertEquals("sha256=" + hmac(v1.body()), v1.signature(), "signed with the secret");
      assertFalse(Files.readString(fleet.stateDir().resolve("test.json")).contains("T0SECRET"));

      // A restarted controller finds v1 deployed already: it sends nothing again.
      Instant restartedAt = Instant.now();
      try (FileRuntime restarted = FileRuntime.start(fleet.controllerConfig())) {
        Eventually.await(
            CONVERGE,
            "the restarted controller reconciled",
            () -> reconciledSince(status(restarted), restartedAt));
        // Down for 10 s while v2 rolls out: delivered once it is back.
        receiver.stop();
        Instant down = Instant.now();
        String second = commitApp("v2");
        Eventually.await(CONVERGE, "v2 is live", () -> second.equals(liveCommit()));
        Eventually.await(
            Duration.ofSeconds(15),
            "10 s of outage",
            () -> Duration.between(down, Instant.now()).toSeconds() >= 10);
        receiver.restart();
        Eventually.await(
            Duration.ofSeconds(90),
            "Deployed v2 arrives after the outage",
            () -> !deployed(receiver, second).isEmpty());
        assertEquals(1, deployed(receiver, first).size(), "no duplicate of v1 after the restart");
        assertEquals(
            2,
            receiver.received().stream().filter(r -> r.body().contains("\"Deployed\"")).count(),
            "one Deployed per rollout: " + receiver.received());
        assertTrue(
            receiver.received().stream().anyMatch(r -> r.body().contains("\"BuildStarted\"")),
            "the build of v2 was announced: " + receiver.received());

        // A rollback beside the running controller: exactly one RolledBack.
        CliRun rollback = fleet.capstanOn("test", "rollback", "--reason", "checkout broken");
        assertEquals(0, rollback.exitCode(), rollback.all());
        Eventually.await(
            Duration.ofSeconds(20),
            "RolledBack arrives",
            () -> events(receiver, first).contains("RolledBack"));
        assertEquals(
            1,
            events(receiver, first).stream().filter("RolledBack"::equals).count(),
            receiver.received().toString());
        assertFalse(rollback.all().contains("T0SECRET"), "the URL is never shown");
      }
    }
  }

  private static boolean reconciledSince(JsonNode status, Instant since) {
    String last = status.path("lastReconcile").asText("");
    return !last.isEmpty() && Instant.parse(last).isAfter(since);
  }

  private List<WebhookReceiver.Received> deployed(WebhookReceiver receiver, String commit) {
    return receiver.received().stream()
        .filter(r -> r.body().contains("\"Deployed\"") && r.body().contains(commit))
        .toList();
  }

  private List<String> events(WebhookReceiver receiver, String commit) throws IOException {
    List<String> events = new java.util.ArrayList<>();
    for (WebhookReceiver.Received r : receiver.received()) {
      JsonNode body = json.readTree(r.body());
      if (commit.equals(body.path("commit").asText())) {
        events.add(body.path("event").asText());
      }
    }
    return events;
  }

  private static List<String> hosts(JsonNode body) {
    List<String> hosts = new java.util.ArrayList<>();
    body.path("hosts").forEach(h -> hosts.add(h.asText()));
    return hosts;
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private JsonNode status(FileRuntime runtime) throws IOException {
    Path file = runtime.stateDir().resolve("test.json");
    return Files.exists(file) ? json.readTree(Files.readString(file)) : json.createObjectNode();
  }

  private String commitApp(String version) {
    fleet.repo().write("app/version.txt", version + "\n");
    return fleet.repo().commit(version);
  }

  private String liveCommit() throws IOException {
    Path revision = fleet.deployDir(0).resolve("current/REVISION");
    return Files.exists(revision) ? Files.readString(revision).strip() : null;
  }

  private void writeDesiredState(WebhookReceiver receiver, String window) throws IOException {
    Path secrets = Files.createDirectories(fleet.work().resolve("secrets"));
    Files.writeString(secrets.resolve("hook-url"), receiver.url() + "\n");
    Files.writeString(secrets.resolve("hook-key"), HMAC_KEY + "\n");
    List<String> lines =
        new java.util.ArrayList<>(
            List.of(
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Application",
                "metadata: {name: tiny}",
                "spec:",
                "  repository: {url: repo, subPath: app, pollInterval: 1s}",
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
                "  notify:",
                "  - {url: {file: "
                    + secrets.resolve("hook-url")
                    + "}, format: generic,"
                    + " secret: {file: "
                    + secrets.resolve("hook-key")
                    + "}}"));
    if (window != null) {
      lines.add("  windows:");
      lines.add(window);
    }
    lines.add("");
    Files.writeString(fleet.yamlFile(), String.join("\n", lines));
  }
}
