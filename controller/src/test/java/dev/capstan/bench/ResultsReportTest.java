package dev.capstan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Medians, ratios to the hand script and the targets' verdicts, from given samples. */
class ResultsReportTest {

  private final Measurements m = new Measurements();

  @Test
  void medianOfAnOddAndAnEvenNumberOfSamples() {
    m.add(Operation.FIRST_DEPLOY, Tool.CAPSTAN, 3);
    m.add(Operation.FIRST_DEPLOY, Tool.CAPSTAN, 1);
    m.add(Operation.FIRST_DEPLOY, Tool.CAPSTAN, 2);
    m.add(Operation.ROLLBACK, Tool.CAPSTAN, 1);
    m.add(Operation.ROLLBACK, Tool.CAPSTAN, 4);

    assertEquals(2, m.median(Operation.FIRST_DEPLOY, Tool.CAPSTAN).getAsDouble());
    assertEquals(2.5, m.median(Operation.ROLLBACK, Tool.CAPSTAN).getAsDouble());
    assertTrue(m.median(Operation.ROLLBACK, Tool.ANSIBLE).isEmpty());
  }

  @Test
  void targetsAreMetMissedOrNotMeasured() {
    m.add(Operation.FIRST_DEPLOY, Tool.CAPSTAN, 6);
    m.add(Operation.FIRST_DEPLOY, Tool.HAND_SCRIPT, 10);
    m.add(Operation.VALIDATE, Tool.CAPSTAN, 0.45);
    m.add(Operation.ROLLBACK, Tool.CAPSTAN, 2);
    m.add(Operation.ROLLBACK, Tool.HAND_SCRIPT, 1);
    m.add(Operation.CODE_ONLY_DEPLOY, Tool.CAPSTAN, 1);
    m.add(Operation.CODE_ONLY_DEPLOY, Tool.HAND_SCRIPT, 10);
    m.add(Operation.PEAK_RSS, Tool.CAPSTAN, 300);

    assertEquals("yes", Targets.judge(Operation.FIRST_DEPLOY, m, 5).outcome());
    assertEquals("no: 2.00 ×hand (want ≤ 1.30)", Targets.judge(Operation.ROLLBACK, m, 5).outcome());
    assertTrue(
        Targets.judge(Operation.CODE_ONLY_DEPLOY, m, 5)
            .outcome()
            .startsWith("yes where measured (1 of 3 parts"),
        "Capistrano did not run");
    assertEquals(
        "no: 300.00 MiB (want ≤ 256.00)", Targets.judge(Operation.PEAK_RSS, m, 5).outcome());
    assertEquals("not measured", Targets.judge(Operation.NO_OP_CHECK, m, 5).outcome());
    assertEquals("—", Targets.judge(Operation.DRIFT_ROUND, m, 5).outcome());
    assertEquals("no: 0.45 CPU s (want ≤ 0.30)", Targets.judge(Operation.VALIDATE, m, 5).outcome());
  }

  @Test
  void theAbsoluteCodeOnlyTargetHoldsForFiveHostsOnly() {
    m.add(Operation.CODE_ONLY_DEPLOY, Tool.CAPSTAN, 2);
    m.add(Operation.CODE_ONLY_DEPLOY, Tool.HAND_SCRIPT, 10);
    m.add(Operation.CODE_ONLY_DEPLOY, Tool.CAPISTRANO, 30);

    assertEquals(
        "no: 2.00 s (want < 1.50)", Targets.judge(Operation.CODE_ONLY_DEPLOY, m, 5).outcome());
    assertEquals("yes", Targets.judge(Operation.CODE_ONLY_DEPLOY, m, 2).outcome());
  }

  @Test
  void tableHasOneRowPerOperationWithRatiosToTheHandScript() {
    m.add(Operation.NO_OP_CHECK, Tool.CAPSTAN, 0.8);
    m.add(Operation.NO_OP_CHECK, Tool.HAND_SCRIPT, 0.4);
    m.add(Operation.NO_OP_CHECK, Tool.ANSIBLE, 2);
    List<Tool> tools = List.of(Tool.CAPSTAN, Tool.HAND_SCRIPT, Tool.ANSIBLE);

    String table = new ResultsReport(m, Scale.of(5, 3), tools).table();

    List<String> lines = table.lines().toList();
    assertEquals(2 + Operation.values().length, lines.size(), table);
    assertEquals(
        "| operation | Capstan | hand script | Ansible | Capstan ÷ hand | Ansible ÷ hand"
            + " | target (Capstan) | met |",
        lines.get(0));
    assertTrue(
        table.contains(
            "| no-op check (Capstan: `apply` with nothing to do) | 0.80 s | 0.40 s"
                + " | 2.00 s | 2.00× | 5.00× | ≤ 1.5× hand script's check"
                + " | no: 2.00 ×hand (want ≤ 1.50) |"),
        table);
  }
}
