package dev.capstan.server;

import static dev.capstan.server.WebhookPayloads.COMMIT;
import static dev.capstan.server.WebhookPayloads.GITHUB_PUSH;
import static dev.capstan.server.WebhookPayloads.GITLAB_PUSH;
import static dev.capstan.server.WebhookPayloads.signature;
import static dev.capstan.server.WebhookPayloads.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import dev.capstan.server.GitWebhook.Outcome;
import dev.capstan.server.GitWebhook.Reply;
import dev.capstan.server.GitWebhook.Trigger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitWebhookTest {

  private static final String SECRET = "s3cret-for-tests";

  private final GitWebhook unverified = new GitWebhook(null);
  private final GitWebhook verified = new GitWebhook(SECRET);

  @Test
  void readsAGithubPush() {
    Push push = pushOf(unverified.receive(github("push"), utf8(GITHUB_PUSH)));

    assertEquals("refs/heads/main", push.ref());
    assertEquals(Optional.of("main"), push.branch());
    assertEquals(COMMIT, push.after());
    assertEquals(
        List.of(
            "https://github.com/acme/broken_brackets.git",
            "git@github.com:acme/broken_brackets.git",
            "https://github.com/acme/broken_brackets"),
        push.repositoryUrls());
  }

  @Test
  void readsAGitlabPushWithEveryDistinctUrl() {
    Push push = pushOf(unverified.receive(gitlab("Push Hook"), utf8(GITLAB_PUSH)));

    assertEquals("refs/heads/release", push.ref());
    assertEquals("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", push.after());
    assertEquals(
        List.of(
            "https://gitlab.example.com/acme/broken_brackets.git",
            "git@gitlab.example.com:acme/broken_brackets.git",
            "https://gitlab.example.com/acme/broken_brackets"),
        push.repositoryUrls());
  }

  @Test
  void readsAGitlabTagPush() {
    String body = GITLAB_PUSH.replace("refs/heads/release", "refs/tags/v1.4.0");

    Push push = pushOf(unverified.receive(gitlab("Tag Push Hook"), utf8(body)));

    assertEquals("refs/tags/v1.4.0", push.ref());
    assertEquals(Optional.empty(), push.branch());
  }

  @Test
  void readsAGithubPushSentAsAForm() {
    String form = "payload=" + URLEncoder.encode(GITHUB_PUSH, StandardCharsets.UTF_8);
    Headers headers = github("push");
    headers.set("Content-Type", "application/x-www-form-urlencoded");

    assertEquals(COMMIT, pushOf(unverified.receive(headers, utf8(form))).after());
  }

  @Test
  void aDeletedBranchHasNoNewCommit() {
    String body = GITHUB_PUSH.replace("\"after\": \"" + COMMIT, "\"after\": \"" + "0".repeat(40));

    Push push = pushOf(unverified.receive(github("push"), utf8(body)));

    assertEquals(null, push.after());
  }

  @Test
  void acceptsASignatureInUpperCaseHex() {
    byte[] body = utf8(GITHUB_PUSH);
    Headers headers = github("push");
    headers.set(
        "X-Hub-Signature-256", "sha256=" + signature(SECRET, body).substring(7).toUpperCase());

    assertEquals(COMMIT, pushOf(verified.receive(headers, body)).after());
  }

  @Test
  void refusesSignaturesThatDoNotProveTheSecret() {
    byte[] body = utf8(GITHUB_PUSH);
    String good = signature(SECRET, body);
    List<String> bad =
        List.of(
            signature("another secret", body),
            good.substring(7),
            "sha1=" + good.substring(7),
            "sha256=zz" + good.substring(9),
            good.substring(0, good.length() - 2),
            "");
    for (String signature : bad) {
      Headers headers = github("push");
      headers.set("X-Hub-Signature-256", signature);
      assertEquals(401, replyOf(verified.receive(headers, body)).status(), signature);
    }
    assertEquals(401, replyOf(verified.receive(github("push"), body)).status(), "no signature");
  }

  @Test
  void theSignatureCoversTheExactBody() {
    byte[] body = utf8(GITHUB_PUSH);
    Headers headers = github("push");
    headers.set("X-Hub-Signature-256", signature(SECRET, body));

    Reply reply = replyOf(verified.receive(headers, utf8(GITHUB_PUSH + " ")));

    assertEquals(401, reply.status());
  }

  @Test
  void refusesAWrongGitlabToken() {
    Headers headers = gitlab("Push Hook");
    headers.set("X-Gitlab-Token", SECRET + "x");

    assertEquals(401, replyOf(verified.receive(headers, utf8(GITLAB_PUSH))).status());
    assertEquals(401, replyOf(verified.receive(gitlab("Push Hook"), utf8(GITLAB_PUSH))).status());
  }

  @Test
  void aBarePostWithASecretNeedsASignatureOrToken() {
    byte[] body = new byte[0];
    Headers signed = new Headers();
    signed.set("X-Hub-Signature-256", signature(SECRET, body));
    Headers token = new Headers();
    token.set("X-Gitlab-Token", SECRET);

    assertEquals(401, replyOf(verified.receive(new Headers(), body)).status());
    assertEquals(new Trigger(Optional.empty()), verified.receive(signed, body));
    assertEquals(new Trigger(Optional.empty()), verified.receive(token, body));
  }

  @Test
  void aBarePostIgnoresItsBody() {
    assertEquals(
        new Trigger(Optional.empty()), unverified.receive(new Headers(), utf8("{not json")));
  }

  @Test
  void ignoresOtherEvents() {
    assertEquals(
        new Reply(200, "ignored: not a push"), unverified.receive(github("issues"), utf8("{}")));
    assertEquals(
        new Reply(200, "ignored: not a push"),
        unverified.receive(gitlab("Issue Hook"), utf8("{}")));
  }

  @Test
  void refusesPushesItCannotRead() {
    assertBadRequest("malformed JSON at line 1, column ", "{\"ref\": ");
    assertBadRequest("malformed JSON", GITHUB_PUSH + "}");
    assertBadRequest("push payload is not a JSON object", "[1, 2]");
    assertBadRequest("push payload is not a JSON object", "");
    assertBadRequest("push payload has no ref", GITHUB_PUSH.replace("\"ref\"", "\"reff\""));
    assertBadRequest(
        "push payload's after is not a commit id", GITHUB_PUSH.replace(COMMIT, "HEAD; rm -rf /"));
    assertBadRequest(
        "push payload names no repository URL", GITHUB_PUSH.replace("_url\":", "_url_old\":"));
  }

  @Test
  void refusesAnEmptySecret() {
    assertThrows(IllegalArgumentException.class, () -> new GitWebhook(""));
  }

  @Test
  void neverPrintsTheSecret() {
    assertFalse(new WebhookSecret(SECRET).toString().contains(SECRET));
  }

  private void assertBadRequest(String messageStart, String body) {
    Reply reply = replyOf(unverified.receive(github("push"), utf8(body)));
    assertEquals(400, reply.status(), reply.message());
    assertTrue(reply.message().startsWith(messageStart), reply.message());
  }

  private static Headers github(String event) {
    Headers headers = new Headers();
    headers.set("X-GitHub-Event", event);
    headers.set("Content-Type", "application/json");
    return headers;
  }

  private static Headers gitlab(String event) {
    Headers headers = new Headers();
    headers.set("X-Gitlab-Event", event);
    return headers;
  }

  private static Push pushOf(Outcome outcome) {
    assertTrue(outcome instanceof Trigger, outcome.toString());
    return ((Trigger) outcome).push().orElseThrow();
  }

  private static Reply replyOf(Outcome outcome) {
    assertTrue(outcome instanceof Reply, outcome.toString());
    return (Reply) outcome;
  }
}
