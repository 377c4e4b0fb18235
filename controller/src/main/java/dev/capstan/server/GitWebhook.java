package dev.capstan.server;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Optional;

/**
 * Turns a webhook delivery (GitHub push, GitLab push, or a bare POST meaning "poll everything now")
 * into what the controller should fetch, after checking the optional shared secret.
 */
public final class GitWebhook {

  /** What to do with a delivery. */
  public sealed interface Outcome permits Trigger, Reply {}

  /** A verified delivery: hand {@code push} to the controller; empty means poll everything. */
  public record Trigger(Optional<Push> push) implements Outcome {}

  /** Answer with {@code status} and {@code message} and trigger nothing: ping, ignored, refused. */
  public record Reply(int status, String message) implements Outcome {}

  static final String GITHUB_EVENT = "X-GitHub-Event";
  static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
  static final String GITLAB_EVENT = "X-Gitlab-Event";
  static final String GITLAB_TOKEN = "X-Gitlab-Token";

  private static final List<String> GITHUB_URLS =
      List.of("/repository/clone_url", "/repository/ssh_url", "/repository/html_url");
  private static final List<String> GITLAB_URLS =
      List.of(
          "/project/git_http_url",
          "/project/git_ssh_url",
          "/project/web_url",
          "/repository/git_http_url",
          "/repository/git_ssh_url",
          "/repository/url",
          "/repository/homepage");

  private final Optional<WebhookSecret> secret;

  /** {@code secret} null: deliveries are not verified. */
  public GitWebhook(String secret) {
    this.secret = Optional.ofNullable(secret).map(WebhookSecret::new);
  }

  /** Verifies and reads one delivery; {@code body} is the raw request body. */
  public Outcome receive(Headers headers, byte[] body) {
    String github = headers.getFirst(GITHUB_EVENT);
    if (github != null) {
      return github(github.strip(), headers, body);
    }
    String gitlab = headers.getFirst(GITLAB_EVENT);
    if (gitlab != null) {
      return gitlab(gitlab.strip(), headers, body);
    }
    return bare(headers, body);
  }

  private Outcome github(String event, Headers headers, byte[] body) {
    if (secret.isPresent()) {
      String signature = headers.getFirst(GITHUB_SIGNATURE);
      if (signature == null) {
        return unauthorized(GITHUB_SIGNATURE + " is missing");
      }
      if (!secret.get().signed(body, signature)) {
        return unauthorized(GITHUB_SIGNATURE + " does not match the body");
      }
    }
    return switch (event) {
      case "ping" -> new Reply(200, "pong");
      case "push" -> PushPayload.read(body, headers.getFirst("Content-Type"), GITHUB_URLS);
      default -> new Reply(200, "ignored: not a push");
    };
  }

  private Outcome gitlab(String event, Headers headers, byte[] body) {
    if (secret.isPresent() && !secret.get().isToken(headers.getFirst(GITLAB_TOKEN))) {
      return unauthorized(GITLAB_TOKEN + " is missing or wrong");
    }
    return switch (event) {
      case "Push Hook", "Tag Push Hook" -> PushPayload.read(body, null, GITLAB_URLS);
      default -> new Reply(200, "ignored: not a push");
    };
  }

  private Outcome bare(Headers headers, byte[] body) {
    if (secret.isPresent()
        && !secret.get().signed(body, headers.getFirst(GITHUB_SIGNATURE))
        && !secret.get().isToken(headers.getFirst(GITLAB_TOKEN))) {
      return unauthorized("needs " + GITHUB_SIGNATURE + " or " + GITLAB_TOKEN);
    }
    return new Trigger(Optional.empty());
  }

  private static Reply unauthorized(String why) {
    return new Reply(401, "unauthorized: " + why);
  }
}
