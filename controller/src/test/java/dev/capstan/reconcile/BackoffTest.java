package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Backoff EXACT =
      Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5));

  @Test
  void doublesFromTheBaseUpToTheCap() {
    List<Long> seconds =
        IntStream.rangeClosed(1, 11).mapToObj(n -> EXACT.delay(n).toSeconds()).toList();

    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L), seconds);
  }

  @Test
  void staysAtTheCapForHugeFailureCounts() {
    assertEquals(Duration.ofMinutes(5), EXACT.delay(63));
    assertEquals(Duration.ofMinutes(5), EXACT.delay(64));
    assertEquals(Duration.ofMinutes(5), EXACT.delay(Integer.MAX_VALUE));
  }

  @Test
  void jitterOnlyShortensTheDelay() {
    Backoff jittered = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.1);

    assertEquals(Duration.ofSeconds(4), jittered.delay(3, 0));
    assertEquals(Duration.ofMillis(3600), jittered.delay(3, 1));
    assertEquals(Duration.ofSeconds(270), jittered.delay(20, 1));
  }

  @Test
  void defaultsToOneSecondUpToFiveMinutes() {
    assertEquals(Duration.ofSeconds(1), Backoff.DEFAULT.delay(1, 0));
    assertEquals(Duration.ofMinutes(5), Backoff.DEFAULT.delay(30, 0));
  }

  @Test
  void rejectsNonsense() {
    Duration second = Duration.ofSeconds(1);
    assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ZERO, second));
    assertThrows(
        IllegalArgumentException.class, () -> Backoff.exponential(second, Duration.ofMillis(1)));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(second, second, 1));
    assertThrows(IllegalArgumentException.class, () -> EXACT.delay(0));
  }
}
