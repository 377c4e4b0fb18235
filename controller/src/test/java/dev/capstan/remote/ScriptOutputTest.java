package dev.capstan.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.ExecResult;
import dev.capstan.remote.Protocol.Marker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one parser of the protocol, on output written by hand. */
class ScriptOutputTest {

  private static final String TAG = "0123456789abcdef";
  private static final List<ScriptOutput.StepInfo> STEPS =
      List.of(
          new ScriptOutput.StepInfo(0, "enter release", "cd /r"),
          new ScriptOutput.StepInfo(1, "build[0]", "make"),
          new ScriptOutput.StepInfo(2, "build[1]", "make check"));

  @Test
  void onlyLinesThatBeginWithTheTagAreRecords() {
    ScriptOutput output =
        parse(
            0,
            String.join(
                "\n",
                "now 1",
                "fedcba9876543210 now 2",
                TAG + "now 3",
                " " + TAG + " now 4",
                TAG + " now 5",
                TAG + " current releases/x",
                TAG + " no-such-marker y",
                ""));
    assertEquals(List.of("5"), output.all(Marker.NOW));
    assertEquals(
        List.of(
            new ScriptOutput.Record(Marker.NOW, "5"),
            new ScriptOutput.Record(Marker.CURRENT, "releases/x")),
        output.records());
  }

  @Test
  void aRecordKeepsTheRestOfItsLineAsArguments() {
    ScriptOutput output =
        parse(0, "\n" + TAG + " lock 1700000000 capstan@ci:1 x\n" + TAG + " lock-acquired\n");
    assertEquals(List.of("1700000000 capstan@ci:1 x"), output.all(Marker.LOCK));
    assertTrue(output.has(Marker.LOCK_ACQUIRED));
    assertEquals("", output.last(Marker.LOCK_ACQUIRED).orElseThrow());
    assertFalse(output.has(Marker.UNLINKED));
  }

  @Test
  void aFailingStepIsNamedWithItsCommandRealStatusAndOwnTails() {
    ScriptOutput output =
        parse(
            90,
            String.join(
                "\n",
                "",
                TAG + " step-exit 0 0",
                "",
                TAG + " step-exit 1 3",
                "",
                TAG + " tail-begin 1 out",
                "|compiling",
                "|" + TAG + " tail-end 1 out",
                "|" + TAG + " step-exit 1 0",
                "|",
                "|done",
                "",
                TAG + " tail-end 1 out",
                "",
                TAG + " tail-begin 1 err",
                "|error: no rule",
                "",
                TAG + " tail-end 1 err",
                ""));
    StepResult failure = output.failure().orElseThrow();
    assertEquals(1, failure.index());
    assertEquals("build[0]", failure.name());
    assertEquals("make", failure.command());
    assertEquals(3, failure.exitStatus());
    assertEquals(
        "compiling\n" + TAG + " tail-end 1 out\n" + TAG + " step-exit 1 0\n\ndone",
        failure.stdoutTail(),
        "every line inside a frame is data, records included");
    assertEquals("error: no rule", failure.stderrTail());
    assertEquals("exit status 3\nerror: no rule", failure.detail());
    assertEquals(List.of(), output.records());
  }

  @Test
  void aRecordEndsAFrameThatWasCutShort() {
    ScriptOutput output =
        parse(
            90,
            String.join(
                "\n",
                "",
                TAG + " tail-begin 1 out",
                "|half",
                "",
                TAG + " step-exit 1 9",
                "not data",
                ""));
    assertEquals("half", output.steps().get(1).stdoutTail());
    assertEquals(9, output.failure().orElseThrow().exitStatus());
  }

  @Test
  void aStepWithoutStandardErrorIsDescribedByItsStandardOutput() {
    ScriptOutput output =
        parse(
            90,
            "\n"
                + TAG
                + " step-exit 0 0\n\n"
                + TAG
                + " step-exit 1 7\n\n"
                + TAG
                + " tail-begin 1 out\n|only stdout\n"
                + TAG
                + " tail-end 1 out\n");
    assertEquals("exit status 7\nonly stdout", output.failure().orElseThrow().detail());
  }

  @Test
  void aScriptThatDiedWithoutSayingBlamesTheStepThatWasRunningWithItsOwnStderr() {
    ScriptOutput output =
        ScriptOutput.parse(
            TAG, new ExecResult(137, "\n" + TAG + " step-exit 0 0\nnoise\n", "Killed\n"), STEPS);
    StepResult failure = output.failure().orElseThrow();
    assertEquals("build[0]", failure.name());
    assertEquals(137, failure.exitStatus());
    assertEquals("Killed", failure.stderrTail());
  }

  @Test
  void aSucceededScriptHasNoFailureButKeepsEveryStepsStatusAndVerboseTails() {
    ScriptOutput output =
        parse(
            0,
            String.join(
                "\n",
                "",
                TAG + " step-exit 0 0",
                "",
                TAG + " step-exit 1 0",
                "",
                TAG + " tail-begin 1 out",
                "|built",
                "",
                TAG + " tail-end 1 out",
                "",
                TAG + " step-exit 2 0",
                ""));
    assertTrue(output.failure().isEmpty());
    assertEquals(List.of(0, 0, 0), output.steps().stream().map(StepResult::exitStatus).toList());
    assertEquals("built", output.steps().get(1).stdoutTail());
    assertEquals("", output.steps().get(2).stdoutTail());
  }

  @Test
  void aStepExitRecordThatIsNotTwoNumbersIsIgnored() {
    ScriptOutput output =
        parse(
            90,
            "\n"
                + TAG
                + " step-exit 1 x\n\n"
                + TAG
                + " step-exit 1\n"
                + "\n"
                + TAG
                + " step-exit 2 4\n");
    assertEquals(null, output.steps().get(1).exitStatus());
    assertEquals("build[1]", output.failure().orElseThrow().name());
  }

  private static ScriptOutput parse(int status, String stdout) {
    return ScriptOutput.parse(TAG, new ExecResult(status, stdout, ""), STEPS);
  }
}
