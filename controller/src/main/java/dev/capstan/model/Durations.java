package dev.capstan.model;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads intervals written like {@code 30s}, {@code 1h30m}, {@code 1500ms} or {@code 30}. */
final class Durations {

  static final String EXAMPLES = "30s, 5m, 1h or 1500ms";

  private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,12}(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

  private Durations() {}

  /** A positive duration; a plain number means seconds. */
  static Duration parse(String text) {
    if (SECONDS.matcher(text).matches()) {
      return positive(Duration.ofSeconds(Long.parseLong(text)));
    }
    if (!WHOLE.matcher(text).matches()) {
      throw new InvalidValueException(
          "must be a duration like " + EXAMPLES + ", not " + Messages.quote(text));
    }
    Duration total = Duration.ZERO;
    try {
      for (Matcher part = PART.matcher(text); part.find(); ) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(unit(part.group(2)).multipliedBy(amount));
      }
    } catch (ArithmeticException e) {
      throw new InvalidValueException("is too long");
    }
    return positive(total);
  }

  /** A positive number of seconds, as YAML resolved an unquoted integer. */
  static Duration ofSeconds(Number seconds) {
    if (seconds instanceof BigInteger big) {
      throw new InvalidValueException(big.signum() > 0 ? "is too long" : "must be greater than 0");
    }
    return positive(Duration.ofSeconds(seconds.longValue()));
  }

  private static Duration unit(String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(1);
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      default -> Duration.ofHours(1);
    };
  }

  private static Duration positive(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new InvalidValueException("must be greater than 0");
    }
    return duration;
  }
}
