package dev.capstan.model;

import java.util.List;
import java.util.Locale;

/**
 * Where an Environment's notifications go: a webhook whose URL is a secret, the body's format, the
 * events sent there, and an optional HMAC secret that signs each body.
 *
 * @param url the webhook URL, read from a file or a Kubernetes Secret: never logged
 * @param format how the body is written
 * @param events the wire names of the events sent, in {@link #EVENTS}; all of them when not written
 * @param secret the HMAC-SHA256 key for {@code X-Capstan-Signature}; null for unsigned bodies
 */
public record NotifySpec(
    SecretSource url, Format format, List<String> events, SecretSource secret) {

  /**
   * Every event a notification can be about, as the YAML and the bodies spell it; {@code
   * dev.capstan.notify.NotificationEvent} has one constant for each.
   */
  public static final List<String> EVENTS =
      List.of(
          "BuildStarted",
          "Deployed",
          "RolledBack",
          "RolloutFailed",
          "DriftCorrected",
          "WindowBlocked",
          "BackupFailed",
          "BackupVerified",
          "Vulnerable");

  public NotifySpec {
    events = List.copyOf(events);
  }

  /** The body's shape: Capstan's own signed JSON, or a Slack incoming-webhook message. */
  public enum Format {
    GENERIC,
    SLACK;

    /** The format as the YAML spells it. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Says which target without its URL: {@code notify[0] (slack)}. */
  @Override
  public String toString() {
    return "NotifySpec["
        + format.wire()
        + ", events="
        + events
        + ", signed="
        + (secret != null)
        + "]";
  }
}
