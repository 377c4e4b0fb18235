package dev.capstan.cli;

import dev.capstan.remote.StepResult;
import dev.capstan.upgrade.UpgradePlan;
import dev.capstan.upgrade.Upgrader;
import dev.capstan.upkeep.Finding;

/** What {@code capstan upgrade} prints: the moves, each step of the trial, and the commit. */
final class UpgradePrinter {

  private UpgradePrinter() {}

  static String text(Upgrader.Outcome outcome, String branch, boolean verbose) {
    StringBuilder text = new StringBuilder();
    UpgradePlan plan = outcome.plan();
    outcome.plan().notes().forEach(note -> text.append("note: ").append(note).append('\n'));
    if (outcome.kind() == Upgrader.Kind.NOTHING_TO_UPGRADE) {
      return text.append("nothing to upgrade in ")
          .append(outcome.requirementsPath())
          .append(" at ")
          .append(outcome.base().shortCommit())
          .append('\n')
          .toString();
    }
    for (UpgradePlan.PackageUpgrade move : plan.upgrades()) {
      text.append("  ").append(move).append('\n');
      for (Finding fix : move.fixes()) {
        text.append("    fixes ").append(fix.advisoryId());
        if (!fix.aliases().isEmpty()) {
          text.append(" (").append(String.join(", ", fix.aliases())).append(')');
        }
        text.append('\n');
      }
    }
    text.append("trial on ")
        .append(outcome.host())
        .append(" in ")
        .append(outcome.trial().scratch())
        .append(":\n");
    for (StepResult step : outcome.trial().ran()) {
      boolean failed = step.equals(outcome.trial().failure());
      text.append(failed ? "  FAIL " : "  ok   ")
          .append(step.name())
          .append(" `")
          .append(step.command())
          .append("` exit status ")
          .append(step.exitStatus())
          .append('\n');
      if (failed || verbose) {
        step.stdoutTail().lines().forEach(l -> text.append("      out| ").append(l).append('\n'));
        step.stderrTail().lines().forEach(l -> text.append("      err| ").append(l).append('\n'));
      }
    }
    StepResult failure = outcome.trial().failure();
    if (failure != null && !outcome.trial().ran().contains(failure)) {
      text.append("  FAIL ")
          .append(failure.name())
          .append(" `")
          .append(failure.command())
          .append("` ")
          .append(failure.detail())
          .append('\n');
    }
    if (outcome.trial().removed() != null) {
      text.append("warning: the scratch folder ")
          .append(outcome.trial().scratch())
          .append(" could not be removed: ")
          .append(outcome.trial().removed())
          .append('\n');
    }
    if (outcome.kind() == Upgrader.Kind.TESTS_FAILED) {
      return text.append("upgrade failed: ")
          .append(failure.name())
          .append(" `")
          .append(failure.command())
          .append("` exited with status ")
          .append(failure.exitStatus())
          .append("; nothing committed\n")
          .toString();
    }
    return text.append("committed ")
        .append(outcome.commit(), 0, 7)
        .append(" (")
        .append(outcome.commit())
        .append(") on ")
        .append(branch)
        .append(" of ")
        .append(outcome.publishedTo())
        .append('\n')
        .toString();
  }
}
