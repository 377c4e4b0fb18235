package dev.capstan.notify;

import java.time.Instant;

/**
 * The outcome of a target's latest delivery attempt, for status. Holds no URL and no secret.
 *
 * @param time when the attempt ended
 * @param key the notification's {@link Notification#key}
 * @param outcome delivered, retrying or failed (given up)
 * @param status the HTTP status; null when no response came
 * @param error why no response came, without the URL; null when one did
 * @param attempts attempts made for this notification so far
 */
public record DeliveryResult(
    Instant time, String key, Outcome outcome, Integer status, String error, int attempts) {

  /** Where the delivery stands. */
  public enum Outcome {
    DELIVERED,
    RETRYING,
    FAILED
  }

  /** {@code delivered prod/1a2b/Deployed at 2026-... (HTTP 200, 1 attempt)}. */
  public String text() {
    String why = status != null ? "HTTP " + status : error;
    String tries = attempts + (attempts == 1 ? " attempt" : " attempts");
    return outcome.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + key
        + " at "
        + time
        + " ("
        + why
        + ", "
        + tries
        + ")";
  }
}
