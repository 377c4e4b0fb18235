package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations in logs and messages read the way a person says them. */
class DurationTextTest {

  @Test
  void underASecondIsWholeMilliseconds() {
    assertEquals("0 ms", DurationText.format(Duration.ZERO));
    assertEquals("350 ms", DurationText.format(Duration.ofMillis(350)));
    assertEquals("1 ms", DurationText.format(Duration.ofNanos(600_000)));
    assertEquals("999 ms", DurationText.format(Duration.ofNanos(999_400_000)));
  }

  @Test
  void underAMinuteIsSecondsToATenth() {
    assertEquals("1 s", DurationText.format(Duration.ofNanos(999_600_000)));
    assertEquals("1.2 s", DurationText.format(Duration.ofMillis(1200)));
    assertEquals("7.9 s", DurationText.format(Duration.parse("PT7.925864376S")));
    assertEquals("30 s", DurationText.format(Duration.ofSeconds(30)));
    assertEquals("59.9 s", DurationText.format(Duration.ofMillis(59_940)));
  }

  @Test
  void longerIsTwoUnits() {
    assertEquals("1 min", DurationText.format(Duration.ofMillis(59_960)));
    assertEquals("2 min 5 s", DurationText.format(Duration.ofSeconds(125)));
    assertEquals("10 min", DurationText.format(Duration.ofMinutes(10)));
    assertEquals("1 h 5 min", DurationText.format(Duration.ofMinutes(65)));
    assertEquals("2 d 3 h", DurationText.format(Duration.ofHours(51)));
  }

  @Test
  void negativeDurationsKeepTheirSign() {
    assertEquals("-1.5 s", DurationText.format(Duration.ofMillis(-1500)));
  }
}
