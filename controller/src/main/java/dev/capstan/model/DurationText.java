package dev.capstan.model;

import java.time.Duration;

/**
 * Durations as people read them in logs and messages: {@code 350 ms}, {@code 1.2 s}, {@code 2 min 5
 * s}, {@code 1 h 5 min}, {@code 2 d 3 h}; never {@code PT7.925864376S}.
 */
public final class DurationText {

  private static final long MAX_MILLIS_SECONDS = Long.MAX_VALUE / 1000 - 1;

  private DurationText() {}

  /** Two units at most, rounded to the nearest of the smaller one. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.getSeconds() > MAX_MILLIS_SECONDS) {
      return duration.toDays() + " d";
    }
    long millis = duration.toMillis() + (duration.getNano() % 1_000_000 >= 500_000 ? 1 : 0);
    if (millis < 1000) {
      return millis + " ms";
    }
    long tenths = (millis + 50) / 100;
    if (tenths < 600) {
      return tenths % 10 == 0 ? tenths / 10 + " s" : tenths / 10 + "." + tenths % 10 + " s";
    }
    long seconds = (millis + 500) / 1000;
    if (seconds < 3600) {
      return pair(seconds / 60, "min", seconds % 60, "s");
    }
    long minutes = (seconds + 30) / 60;
    if (minutes < 24 * 60) {
      return pair(minutes / 60, "h", minutes % 60, "min");
    }
    long hours = (minutes + 30) / 60;
    return pair(hours / 24, "d", hours % 24, "h");
  }

  private static String pair(long larger, String largerUnit, long smaller, String smallerUnit) {
    String first = larger + " " + largerUnit;
    return smaller == 0 ? first : first + " " + smaller + " " + smallerUnit;
  }
}
