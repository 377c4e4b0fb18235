package dev.capstan.model;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A deploy window of an Environment: from each firing of {@code schedule} (a five-field cron read
 * in {@code timeZone}) for {@code duration}, new rollouts are allowed or denied, as Argo CD's sync
 * windows: with any allow window, rollouts start only inside one; an active deny beats an allow.
 *
 * @param kind allow or deny
 * @param schedule five-field cron expression, minute first
 * @param duration how long each firing keeps the window open
 * @param timeZone the IANA zone the schedule is read in (UTC when not written)
 */
public record WindowSpec(Kind kind, String schedule, Duration duration, ZoneId timeZone) {

  /** Whether a window permits or forbids new rollouts while it is active. */
  public enum Kind {
    ALLOW,
    DENY;

    /** The kind as the YAML spells it. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How status and logs name the window: {@code deny "0 9 * * 1-5" for 8h Europe/Berlin}. */
  public String describe() {
    return kind.wire() + " \"" + schedule + "\" for " + compact(duration) + " " + timeZone.getId();
  }

  /** {@code 8h}, {@code 1h30m}, {@code 90s}: the way the YAML writes durations. */
  static String compact(Duration duration) {
    long seconds = duration.getSeconds();
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0 || text.length() == 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }
}
