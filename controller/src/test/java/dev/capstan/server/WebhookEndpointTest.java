package dev.capstan.server;

import static dev.capstan.server.TestServer.TEXT;
import static dev.capstan.server.TestServer.assertResponse;
import static dev.capstan.server.WebhookPayloads.COMMIT;
import static dev.capstan.server.WebhookPayloads.GITHUB_PING;
import static dev.capstan.server.WebhookPayloads.GITHUB_PUSH;
import static dev.capstan.server.WebhookPayloads.GITLAB_PUSH;
import static dev.capstan.server.WebhookPayloads.signature;
import static dev.capstan.server.WebhookPayloads.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code POST /hooks/git} over real HTTP, with and without a shared secret. */
class WebhookEndpointTest {

  private static final String SECRET = "webhook-secret-for-tests";
  private static final String HOOK = "/hooks/git";

  @Test
  void githubPushWithTheRightSignatureReachesTheHandler() throws Exception {
    try (TestServer http = TestServer.start(SECRET)) {
      String signature = signature(SECRET, utf8(GITHUB_PUSH));

      assertResponse(
          202, TEXT, "accepted", http.post(HOOK, github("push", signature), GITHUB_PUSH));

      Push push = http.nextPush().orElseThrow();
      assertEquals("refs/heads/main", push.ref());
      assertEquals(COMMIT, push.after());
      assertEquals(
          List.of(
              "https://github.com/acme/broken_brackets.git",
              "git@github.com:acme/broken_brackets.git",
              "https://github.com/acme/broken_brackets"),
          push.repositoryUrls());
    }
  }

  @Test
  void githubPushWithAWrongSignatureIs401AndReachesNobody() throws Exception {
    try (TestServer http = TestServer.start(SECRET)) {
      String wrong = signature("guessed", utf8(GITHUB_PUSH));

      HttpResponse<String> response = http.post(HOOK, github("push", wrong), GITHUB_PUSH);

      assertResponse(
          401, TEXT, "unauthorized: X-Hub-Signature-256 does not match the body", response);
      assertTrue(http.pushes.isEmpty());
    }
  }

  @Test
  void githubPingAnswersPongAndTriggersNothing() throws Exception {
    try (TestServer http = TestServer.start(SECRET)) {
      String signature = signature(SECRET, utf8(GITHUB_PING));

      assertResponse(200, TEXT, "pong", http.post(HOOK, github("ping", signature), GITHUB_PING));

      assertTrue(http.pushes.isEmpty());
    }
  }

  @Test
  void gitlabPushWithTheTokenReachesTheHandler() throws Exception {
    try (TestServer http = TestServer.start(SECRET)) {
      Map<String, String> headers = Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET);

      assertResponse(202, TEXT, "accepted", http.post(HOOK, headers, GITLAB_PUSH));

      Push push = http.nextPush().orElseThrow();
      assertEquals("refs/heads/release", push.ref());
      assertTrue(push.repositoryUrls().contains("git@gitlab.example.com:acme/broken_brackets.git"));
    }
  }

  @Test
  void gitlabPushWithAWrongTokenIs401() throws Exception {
    try (TestServer http = TestServer.start(SECRET)) {
      Map<String, String> headers = Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "nope");

      assertEquals(401, http.post(HOOK, headers, GITLAB_PUSH).statusCode());
      assertTrue(http.pushes.isEmpty());
    }
  }

  @Test
  void barePostAsksToPollEverything() throws Exception {
    try (TestServer http = TestServer.start(null)) {
      assertResponse(202, TEXT, "accepted", http.post(HOOK, Map.of(), ""));

      assertEquals(Optional.empty(), http.nextPush());
    }
  }

  @Test
  void barePostWithoutProofOfTheSecretIs401() throws Exception {
    try (TestServer http = TestServer.start(SECRET)) {
      assertEquals(401, http.post(HOOK, Map.of(), "").statusCode());
      assertTrue(http.pushes.isEmpty());
    }
  }

  @Test
  void malformedJsonIs400() throws Exception {
    try (TestServer http = TestServer.start(null)) {
      HttpResponse<String> response = http.post(HOOK, github("push", null), "{\"ref\": \"refs/");

      assertEquals(400, response.statusCode());
      assertTrue(response.body().startsWith("malformed JSON at line 1"), response.body());
      assertTrue(http.pushes.isEmpty());
    }
  }

  @Test
  void bodiesOverOneMebibyteAre413() throws Exception {
    try (TestServer http = TestServer.start(null)) {
      String limit = "x".repeat(ControllerServer.MAX_BODY_BYTES);

      assertEquals(202, http.post(HOOK, Map.of(), limit).statusCode());
      assertEquals(Optional.empty(), http.nextPush());
      assertResponse(413, TEXT, "request body over 1 MiB", http.post(HOOK, Map.of(), limit + "x"));
      // Well over the limit too: the server reads on, so the client sees the 413, not a reset.
      assertEquals(413, http.post(HOOK, Map.of(), limit.repeat(3)).statusCode());
      assertTrue(http.pushes.isEmpty());
    }
  }

  @Test
  void aFailingPushHandlerIs500AndTheServerServesOn() throws Exception {
    PushHandler full =
        push -> {
          throw new IllegalStateException("work queue full");
        };
    try (TestServer http = TestServer.withPushHandler(full)) {
      assertResponse(500, TEXT, "internal error", http.post(HOOK, Map.of(), ""));
      assertResponse(200, TEXT, "ok", http.get("/healthz"));
    }
  }

  private static Map<String, String> github(String event, String signature) {
    return signature == null
        ? Map.of("X-GitHub-Event", event, "Content-Type", "application/json")
        : Map.of(
            "X-GitHub-Event",
            event,
            "Content-Type",
            "application/json",
            "X-Hub-Signature-256",
            signature);
  }
}
