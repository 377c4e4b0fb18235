package dev.capstan.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.WindowSpec;
import dev.capstan.model.WindowSpec.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argo CD's sync-window rules at fixed instants; 2026-12-02 is a Wednesday. */
class DeployWindowsTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final WindowSpec OFFICE_DENY =
      new WindowSpec(Kind.DENY, "0 9 * * 1-5", Duration.ofHours(8), BERLIN);
  private static final WindowSpec OFFICE_ALLOW =
      new WindowSpec(Kind.ALLOW, "0 9 * * 1-5", Duration.ofHours(8), BERLIN);

  private static WindowVerdict at(String instant, WindowSpec... windows) {
    return new DeployWindows(List.of(windows)).at(Instant.parse(instant));
  }

  @Test
  void noWindowsAlwaysPermits() {
    WindowVerdict verdict = at("2026-12-02T10:00:00Z");
    assertEquals(new WindowVerdict(true, -1, null, Instant.parse("2026-12-02T10:00:00Z")), verdict);
  }

  @Test
  void anActiveDenyBlocksUntilItEnds() {
    // 11:00 in Berlin (CET, UTC+1): inside 09:00-17:00.
    WindowVerdict verdict = at("2026-12-02T10:00:00Z", OFFICE_DENY);
    assertFalse(verdict.permitted());
    assertEquals(0, verdict.blockingIndex());
    assertEquals("deny \"0 9 * * 1-5\" for 8h Europe/Berlin", verdict.blockingWindow());
    assertEquals(Instant.parse("2026-12-02T16:00:00Z"), verdict.nextOpenAt());
  }

  @Test
  void theWindowStartsAtItsFiringAndEndsAtFiringPlusDuration() {
    assertFalse(at("2026-12-02T08:00:00Z", OFFICE_DENY).permitted());
    assertTrue(at("2026-12-02T07:59:59Z", OFFICE_DENY).permitted());
    assertTrue(at("2026-12-02T16:00:00Z", OFFICE_DENY).permitted());
    assertFalse(at("2026-12-02T15:59:59.999Z", OFFICE_DENY).permitted());
    assertTrue(at("2026-12-05T10:00:00Z", OFFICE_DENY).permitted(), "Saturday");
  }

  @Test
  void allowOnlyBlocksOutsideAndOpensOnMondayAfterAWeekend() {
    WindowVerdict saturday = at("2026-12-05T12:00:00Z", OFFICE_ALLOW);
    assertFalse(saturday.permitted());
    assertEquals(0, saturday.blockingIndex());
    assertEquals("outside allow \"0 9 * * 1-5\" for 8h Europe/Berlin", saturday.blockingWindow());
    assertEquals(Instant.parse("2026-12-07T08:00:00Z"), saturday.nextOpenAt());
    assertTrue(at("2026-12-07T08:00:00Z", OFFICE_ALLOW).permitted());
  }

  @Test
  void anAllowWindowAcrossMidnightOpensAtNightAndStaysOpenPastMidnight() {
    WindowSpec night = new WindowSpec(Kind.ALLOW, "0 22 * * *", Duration.ofHours(4), UTC);
    assertEquals(
        Instant.parse("2026-12-02T22:00:00Z"), at("2026-12-02T12:00:00Z", night).nextOpenAt());
    assertTrue(at("2026-12-03T01:00:00Z", night).permitted());
    assertEquals(
        Instant.parse("2026-12-03T22:00:00Z"), at("2026-12-03T02:00:00Z", night).nextOpenAt());
  }

  @Test
  void anActiveDenyBeatsAnActiveAllowAndTheAllowRemainsAfterIt() {
    WindowSpec night = new WindowSpec(Kind.ALLOW, "0 22 * * *", Duration.ofHours(4), UTC);
    WindowSpec backupHour = new WindowSpec(Kind.DENY, "0 23 * * *", Duration.ofHours(2), UTC);
    WindowVerdict verdict = at("2026-12-02T23:30:00Z", night, backupHour);
    assertFalse(verdict.permitted());
    assertEquals(1, verdict.blockingIndex());
    assertEquals("deny \"0 23 * * *\" for 2h UTC", verdict.blockingWindow());
    assertEquals(Instant.parse("2026-12-03T01:00:00Z"), verdict.nextOpenAt());
    assertTrue(at("2026-12-02T22:30:00Z", night, backupHour).permitted());
  }

  @Test
  void aDenyThatEndsOnFridayEveningOpensThen() {
    // Friday 2026-12-04 inside the deny; opens 17:00 Berlin, not on Monday.
    assertEquals(
        Instant.parse("2026-12-04T16:00:00Z"),
        at("2026-12-04T09:00:00Z", OFFICE_DENY).nextOpenAt());
  }

  @Test
  void followsTheZonesClocksAcrossTheChangeToSummerTime() {
    // Berlin moves from UTC+1 to UTC+2 on 2026-03-29: 09:00 local is 08:00Z the day before, 07:00Z
    // on that day.
    WindowSpec nine = new WindowSpec(Kind.DENY, "0 9 * * *", Duration.ofHours(1), BERLIN);
    assertFalse(at("2026-03-28T08:30:00Z", nine).permitted());
    assertTrue(at("2026-03-28T07:30:00Z", nine).permitted());
    WindowVerdict sunday = at("2026-03-29T07:30:00Z", nine);
    assertFalse(sunday.permitted());
    assertEquals(Instant.parse("2026-03-29T08:00:00Z"), sunday.nextOpenAt());
    assertTrue(at("2026-03-29T08:30:00Z", nine).permitted());
  }

  @Test
  void aDurationCountsRealTimeOverTheNightTheClocksGoBack() {
    // 2026-10-25 03:00 CEST becomes 02:00 CET: 00:00 local (22:00Z) plus 6 real hours is 04:00Z.
    WindowSpec overnight = new WindowSpec(Kind.DENY, "0 0 * * *", Duration.ofHours(6), BERLIN);
    assertEquals(
        Instant.parse("2026-10-25T04:00:00Z"), at("2026-10-25T01:00:00Z", overnight).nextOpenAt());
  }

  @Test
  void nextOpenAtIsNullWhenNoAllowWindowOpensWithinAYear() {
    // The next 29 February after 2026-03-01 is in 2028, beyond the 366-day horizon.
    WindowSpec leapDay = new WindowSpec(Kind.ALLOW, "0 0 29 2 *", Duration.ofHours(1), UTC);
    WindowVerdict verdict = at("2026-03-01T00:00:00Z", leapDay);
    assertFalse(verdict.permitted());
    assertNull(verdict.nextOpenAt());
    assertEquals(
        Instant.parse("2028-02-29T00:00:00Z"), at("2027-03-02T00:00:00Z", leapDay).nextOpenAt());
  }
}
