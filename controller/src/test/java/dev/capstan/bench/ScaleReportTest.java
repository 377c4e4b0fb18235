package dev.capstan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure parts of bench/scale: reading /proc's text, and met or missed in the table. */
class ScaleReportTest {

  @Test
  void cpuSecondsAreUserPlusSystemTicksEvenWithSpacesInTheName() {
    String stat =
        "4242 (java (capstan)) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 75 0 0 20 0 40 0 1 2 3";
    assertEquals(3.25, ProcessStats.cpuSecondsOf(stat), 1e-9);
  }

  @Test
  void countsOnlyEstablishedConnectionsOfOurSocketsToTheSshPorts() {
    String table =
        String.join(
            "\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
                + "  timeout inode",
            "   0: 0100007F:9C40 0100007F:0016 01 00000000:00000000 00:00000000 00000000 0 0 111 1",
            "   1: 0100007F:9C41 0100007F:0016 06 00000000:00000000 00:00000000 00000000 0 0 112 1",
            "   2: 0100007F:9C42 0100007F:0016 01 00000000:00000000 00:00000000 00000000 0 0 999 1",
            "   3: 0100007F:9C43 0100007F:1F90 01 00000000:00000000 00:00000000 00000000 0 0 113 1",
            "");
    assertEquals(1, ProcessStats.establishedTo(table, Set.of(111L, 112L, 113L), Set.of(22)));
  }

  @Test
  void saysWhichTargetTheLargestCountMissed() {
    ScalePoint small = new ScalePoint(10, 10, List.of(30.2), List.of(0.4), 0.02, 150, 140, 10);
    ScalePoint large = new ScalePoint(1000, 10, List.of(61.0), List.of(58.0), 0.3, 400, 390, 10);
    ScaleReport report = new ScaleReport(List.of(small, large), Duration.ofSeconds(30));

    String table = report.table();

    assertTrue(table.contains("| slowest drift round, wall s | 30.2 | 61.0 |"), table);
    assertTrue(
        table.lines().anyMatch(l -> l.startsWith("| slowest") && l.endsWith("**missed** |")));
    assertTrue(table.lines().anyMatch(l -> l.startsWith("| peak RSS") && l.endsWith("**met** |")));
    assertFalse(report.allMet());
    assertEquals(
        "CPU, cores: 0.0200 → ×15.00 for ×100 Environments → 0.300",
        report.growth("CPU, cores", ScalePoint::cpuPerSecond));
  }
}
