package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.RolloutReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportPrinterPinsTest {

  private static final String GOOD = "3f2a9c1" + "0".repeat(33);
  private static final String BAD = "9b1e2aa" + "0".repeat(33);

  @Test
  void theSummaryHeadingSaysWhatThePinDid() {
    RolloutReport report =
        new RolloutReport("shop", "main", GOOD, List.of(), null, null, false, true, null)
            .withPins(
                new PinState(new Pin(GOOD, "checkout broken", Pin.BY_ROLLBACK), List.of()),
                "pinned to 3f2a9c1 by rollback: \"checkout broken\"");

    assertEquals(
        "Environment shop: revision main = "
            + GOOD
            + "\n  pinned to 3f2a9c1 by rollback: \"checkout broken\"",
        ReportPrinter.heading(report));
  }

  @Test
  void theStatusTableNotesThePinAndEachVeto() {
    EnvironmentStatus status =
        new EnvironmentStatus("shop", "main", GOOD, null, List.of(), List.of(), null, null)
            .withPins(
                new Pin(GOOD, null, Pin.BY_PIN),
                List.of(new Veto(BAD, "checkout broken")),
                "pinned to 3f2a9c1 by pin");

    String table = ReportPrinter.statusTable(List.of(status), Instant.now());

    assertTrue(table.contains("\nshop: pinned to 3f2a9c1 by pin\n"), table);
    assertTrue(table.contains("\nshop: veto 9b1e2aa: \"checkout broken\"\n"), table);
  }
}
