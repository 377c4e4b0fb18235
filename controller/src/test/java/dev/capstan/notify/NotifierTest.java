package dev.capstan.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.model.NotifySpec.Format;
import dev.capstan.notify.DeliveryResult.Outcome;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery to a real local HTTP receiver: signed bodies, once per key, retried until back. */
class NotifierTest {

  private static final String SECRET = "hmac-s3cret-value";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Notifier.Backoff FAST =
      new Notifier.Backoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(2));

  @TempDir Path state;

  private static Notification deployed(String commit) {
    return new Notification(
        "prod",
        NotificationEvent.Deployed,
        "main",
        commit,
        "Fix the login form",
        List.of("web1", "web2"),
        null,
        Instant.parse("2026-12-02T10:00:00Z"));
  }

  private NotifyTarget generic(WebhookReceiver receiver) {
    return new NotifyTarget(
        0,
        Format.GENERIC,
        receiver.url(),
        EnumSet.allOf(NotificationEvent.class),
        SECRET.getBytes(StandardCharsets.UTF_8));
  }

  private Notifier notifier(NotifyTarget target) throws Exception {
    NotificationLedger ledger = NotificationLedger.open(state.resolve("notifications.json"));
    return new Notifier(List.of(target), ledger, FAST, Duration.ofSeconds(5), Clock.systemUTC());
  }

  @Test
  void sendsEveryFieldSignedWithTheSecret() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        Notifier notifier = notifier(generic(receiver))) {
      notifier.notify(deployed("1a2b3c4d5e"));
      Eventually.await(WAIT, "the receiver got the body", () -> receiver.received().size() == 1);

      WebhookReceiver.Received got = receiver.received().get(0);
      JsonNode body = Json.MAPPER.readTree(got.body());
      assertEquals("prod", body.get("environment").asText());
      assertEquals("Deployed", body.get("event").asText());
      assertEquals("main", body.get("revision").asText());
      assertEquals("1a2b3c4d5e", body.get("commit").asText());
      assertEquals("Fix the login form", body.get("commitSubject").asText());
      assertEquals("web1", body.get("hosts").get(0).asText());
      assertEquals("web2", body.get("hosts").get(1).asText());
      assertTrue(body.has("reason") && body.get("reason").isNull());
      assertEquals("2026-12-02T10:00:00Z", body.get("time").asText());

      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected =
          "sha256="
              + HexFormat.of().formatHex(mac.doFinal(got.body().getBytes(StandardCharsets.UTF_8)));
      assertEquals(expected, got.signature());
    }
  }

  @Test
  void sendsAKeyOnceAlsoAfterARestartOnTheSameLedger() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      NotifyTarget target = generic(receiver);
      try (Notifier notifier = notifier(target)) {
        notifier.notify(deployed("aaaa111"));
        notifier.notify(deployed("aaaa111"));
        Eventually.await(
            WAIT,
            "the first delivery is recorded",
            () ->
                notifier
                    .lastDelivery(target)
                    .map(r -> r.outcome() == Outcome.DELIVERED)
                    .orElse(false));
      }
      try (Notifier restarted = notifier(target)) {
        restarted.notify(deployed("aaaa111"));
        restarted.notify(deployed("bbbb222"));
        Eventually.await(
            WAIT,
            "the new key is delivered",
            () ->
                restarted
                    .lastDelivery(target)
                    .map(r -> r.key().equals("prod/bbbb222/Deployed"))
                    .orElse(false));
      }
      List<String> commits = receiver.received().stream().map(r -> readCommit(r.body())).toList();
      assertEquals(List.of("aaaa111", "bbbb222"), commits);
      assertEquals(2, receiver.requests());
    }
  }

  @Test
  void retriesA500() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        Notifier notifier = notifier(generic(receiver))) {
      receiver.failNext(2);
      notifier.notify(deployed("cccc333"));
      Eventually.await(WAIT, "delivered after two 500s", () -> receiver.received().size() == 1);
      Eventually.await(
          WAIT,
          "the result says delivered on the third attempt",
          () -> {
            DeliveryResult last = notifier.lastDeliveries().get("notify[0] (generic)");
            return last != null && last.outcome() == Outcome.DELIVERED && last.attempts() == 3;
          });
      assertEquals(3, receiver.requests());
    }
  }

  @Test
  void deliversOnceTheReceiverIsBackAndNeverShowsTheUrlOrSecret() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      NotifyTarget target = generic(receiver);
      try (Notifier notifier = notifier(target)) {
        receiver.stop();
        notifier.notify(deployed("dddd444"));
        Eventually.await(
            WAIT,
            "several attempts failed while the receiver is down",
            () -> notifier.lastDelivery(target).map(r -> r.attempts() >= 7).orElse(false));
        DeliveryResult down = notifier.lastDelivery(target).orElseThrow();
        assertEquals(Outcome.RETRYING, down.outcome());
        assertNoSecrets(down.text(), receiver);
        assertNoSecrets(down.toString(), receiver);

        receiver.restart();
        Eventually.await(WAIT, "delivered once it is back", () -> receiver.received().size() == 1);
        Eventually.await(
            WAIT,
            "the result says delivered",
            () ->
                notifier
                    .lastDelivery(target)
                    .map(r -> r.outcome() == Outcome.DELIVERED)
                    .orElse(false));
        assertNoSecrets(notifier.lastDelivery(target).orElseThrow().text(), receiver);
        assertNoSecrets(notifier.toString(), receiver);
        assertNoSecrets(target.toString(), receiver);
        assertEquals("notify[0] (generic)", target.name());
      }
      String ledger = Files.readString(state.resolve("notifications.json"));
      assertNoSecrets(ledger, receiver);
      assertEquals(1, receiver.received().size());
    }
  }

  @Test
  void slackGetsAReadableLine() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        Notifier notifier =
            notifier(
                new NotifyTarget(
                    1,
                    Format.SLACK,
                    receiver.url(),
                    EnumSet.of(NotificationEvent.Deployed),
                    null))) {
      notifier.notify(
          new Notification(
              "prod",
              NotificationEvent.RolloutFailed,
              "main",
              "eeee555",
              null,
              List.of(),
              "health check failed",
              Instant.now()));
      notifier.notify(deployed("1a2b3c4d5e6f"));
      Eventually.await(WAIT, "the Deployed message arrived", () -> receiver.received().size() == 1);
      JsonNode body = Json.MAPPER.readTree(receiver.received().get(0).body());
      assertEquals(
          "prod: Deployed main at 1a2b3c4 \"Fix the login form\" on web1, web2",
          body.get("text").asText());
      assertEquals(null, receiver.received().get(0).signature());
      assertEquals(1, receiver.requests(), "RolloutFailed is not among the target's events");
    }
  }

  @Test
  void givesUpOnA4xxAtOnceAndOnADeadReceiverAfterGiveUpAfter() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      NotifyTarget missing =
          new NotifyTarget(
              0,
              Format.GENERIC,
              java.net.URI.create("http://127.0.0.1:" + receiver.url().getPort() + "/none"),
              EnumSet.allOf(NotificationEvent.class),
              null);
      receiver.stop();
      NotificationLedger ledger = NotificationLedger.open(state.resolve("notifications.json"));
      Notifier.Backoff brief =
          new Notifier.Backoff(
              Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(300));
      try (Notifier notifier =
          new Notifier(List.of(missing), ledger, brief, Duration.ofSeconds(5), Clock.systemUTC())) {
        notifier.notify(deployed("ffff666"));
        Eventually.await(
            WAIT,
            "it gives up",
            () ->
                notifier
                    .lastDelivery(missing)
                    .map(r -> r.outcome() == Outcome.FAILED)
                    .orElse(false));
        DeliveryResult failed = notifier.lastDelivery(missing).orElseThrow();
        assertTrue(failed.attempts() > 1 && failed.attempts() < 20, failed.text());
        assertTrue(ledger.isDone(missing.name(), "prod/ffff666/Deployed"), "not sent again");
      }
    }
  }

  @Test
  void backoffDoublesUpToItsCap() {
    Notifier.Backoff backoff = Notifier.Backoff.DEFAULT;
    assertEquals(Duration.ofSeconds(1), backoff.after(1));
    assertEquals(Duration.ofSeconds(2), backoff.after(2));
    assertEquals(Duration.ofSeconds(32), backoff.after(6));
    assertEquals(Duration.ofSeconds(60), backoff.after(7));
    assertEquals(Duration.ofSeconds(60), backoff.after(500));
  }

  @Test
  void aTargetReadFromTextRejectsANonHttpUrlWithoutRepeatingIt() {
    dev.capstan.model.NotifySpec spec =
        new dev.capstan.model.NotifySpec(
            dev.capstan.model.SecretSource.ofFile("secrets/hook"),
            Format.SLACK,
            List.of("Deployed"),
            null);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> NotifyTarget.of(2, spec, "ftp://hooks.example/T0SECRET\n", null));
    assertEquals("notify[2] (slack): the url must start with http:// or https://", e.getMessage());
    NotifyTarget ok = NotifyTarget.of(2, spec, "https://hooks.example/T0SECRET\n", null);
    assertTrue(ok.wants(NotificationEvent.Deployed) && !ok.wants(NotificationEvent.RolledBack));
  }

  @Test
  void aNotifierStartedOnTheLedgerSendsWhatTheStoppedOneLeftQueued() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      NotifyTarget target = generic(receiver);
      receiver.stop();
      try (Notifier notifier = notifier(target)) {
        notifier.notify(deployed("gggg777"));
        Eventually.await(
            WAIT,
            "two attempts failed",
            () -> notifier.lastDelivery(target).map(r -> r.attempts() >= 2).orElse(false));
      }
      receiver.restart();
      try (Notifier restarted = notifier(target)) {
        Eventually.await(
            WAIT, "the queued one is delivered", () -> receiver.received().size() == 1);
        assertEquals("gggg777", readCommit(receiver.received().get(0).body()));
        restarted.notify(deployed("gggg777"));
        Eventually.await(
            WAIT,
            "the result says delivered",
            () ->
                restarted
                    .lastDelivery(target)
                    .map(r -> r.outcome() == Outcome.DELIVERED)
                    .orElse(false));
      }
      try (Notifier third = notifier(target)) {
        third.notify(deployed("gggg777"));
        third.notify(deployed("hhhh888"));
        Eventually.await(WAIT, "only the new key is sent", () -> receiver.received().size() == 2);
      }
      assertEquals(2, receiver.requests());
      assertEquals("hhhh888", readCommit(receiver.received().get(1).body()));
    }
  }

  private static String readCommit(String body) {
    try {
      return Json.MAPPER.readTree(body).get("commit").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void assertNoSecrets(String text, WebhookReceiver receiver) {
    assertFalse(text.contains(receiver.url().toString()), text);
    assertFalse(text.contains("T0SECRET"), text);
    assertFalse(text.contains(SECRET), text);
  }
}
