package dev.capstan.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.capstan.server.GitWebhook.Outcome;
import dev.capstan.server.GitWebhook.Reply;
import dev.capstan.server.GitWebhook.Trigger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the JSON body of a GitHub or GitLab push event into a {@link Push}. */
final class PushPayload {

  private static final ObjectReader JSON =
      new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final Pattern NO_COMMIT = Pattern.compile("0+");
  private static final String FORM = "application/x-www-form-urlencoded";

  private PushPayload() {}

  /**
   * A trigger for the push in {@code body}, or a 400 reply saying what is wrong with it. GitHub can
   * be set to send the JSON as the {@code payload} field of a form, hence {@code contentType}.
   */
  static Outcome read(byte[] body, String contentType, List<String> urlPointers) {
    Optional<String> json;
    try {
      json = json(body, contentType);
    } catch (IllegalArgumentException e) {
      return badRequest("malformed form body");
    }
    if (json.isEmpty()) {
      return badRequest("form body has no payload field");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json.get());
    } catch (JsonProcessingException e) {
      return badRequest("malformed JSON" + where(e.getLocation()));
    }
    if (root == null || !root.isObject()) {
      return badRequest("push payload is not a JSON object");
    }
    return push(root, urlPointers);
  }

  private static Outcome push(JsonNode root, List<String> urlPointers) {
    String ref = text(root, "/ref");
    if (ref == null) {
      return badRequest("push payload has no ref");
    }
    String after = text(root, "/after");
    if (after != null && !COMMIT.matcher(after).matches()) {
      return badRequest("push payload's after is not a commit id");
    }
    if (after != null && NO_COMMIT.matcher(after).matches()) {
      after = null; // the ref was deleted
    }
    List<String> urls =
        urlPointers.stream()
            .map(pointer -> text(root, pointer))
            .filter(Objects::nonNull)
            .distinct()
            .toList();
    if (urls.isEmpty()) {
      return badRequest("push payload names no repository URL");
    }
    return new Trigger(Optional.of(new Push(urls, ref, after)));
  }

  /** The JSON text: the body itself, or its form field {@code payload}, when there is one. */
  private static Optional<String> json(byte[] body, String contentType) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith(FORM)) {
      return Optional.of(text);
    }
    for (String field : text.split("&")) {
      if (field.startsWith("payload=")) {
        return Optional.of(URLDecoder.decode(field.substring(8), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** The stripped text at {@code pointer}, or null when there is none. */
  private static String text(JsonNode root, String pointer) {
    JsonNode node = root.at(pointer);
    return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static Reply badRequest(String message) {
    return new Reply(400, message);
  }
}
