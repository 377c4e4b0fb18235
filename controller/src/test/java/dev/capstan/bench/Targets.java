package dev.capstan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The targets for Capstan, judged from the medians: "yes", "no: why", "not measured: what
 * is missing", or "—" for an operation without a target.
 */
final class Targets {

  static final double MAX_PEAK_RSS_MIB = 256;

  /** A short command costs about what ssh does: CPU seconds of the Capstan process. */
  static final double MAX_SHORT_COMMAND_CPU = 0.3;

  /** The code-only deploy's absolute target holds for the run: 5 hosts. */
  static final int HOSTS_OF_ABSOLUTE_TARGET = 5;

  /** What the target says and how the measurement fares against it. */
  record Verdict(String target, String outcome) {}

  /** One clause of a target: Capstan's median compared with a bound. */
  private record Clause(String text, OptionalDouble actual, double bound, boolean atMost) {

    boolean measured() {
      return actual.isPresent();
    }

    boolean met() {
      return atMost ? actual.getAsDouble() <= bound : actual.getAsDouble() < bound;
    }
  }

  private Targets() {}

  static Verdict judge(Operation operation, Measurements m, int hosts) {
    List<Clause> clauses = new ArrayList<>();
    String target;
    switch (operation) {
      case FIRST_DEPLOY -> {
        target = "≤ 0.6× hand script";
        clauses.add(new Clause("×hand", ratio(m, operation, Tool.HAND_SCRIPT), 0.6, true));
      }
      case CODE_ONLY_DEPLOY -> {
        target = "≥ 10× faster than Capistrano, faster than the hand script";
        clauses.add(new Clause("×Capistrano", ratio(m, operation, Tool.CAPISTRANO), 0.1, true));
        clauses.add(new Clause("×hand", ratio(m, operation, Tool.HAND_SCRIPT), 1.0, false));
        if (hosts == HOSTS_OF_ABSOLUTE_TARGET) {
          target += ", < 1.5 s";
          clauses.add(new Clause("s", m.median(operation, Tool.CAPSTAN), 1.5, false));
        }
      }
      case NO_OP_CHECK -> {
        target = "≤ 1.5× hand script's check";
        clauses.add(new Clause("×hand", ratio(m, operation, Tool.HAND_SCRIPT), 1.5, true));
      }
      case ROLLBACK -> {
        target = "≤ 1.3× hand script";
        clauses.add(new Clause("×hand", ratio(m, operation, Tool.HAND_SCRIPT), 1.3, true));
      }
      case VALIDATE, NO_OP_LOCAL -> {
        target = "≤ 0.3 CPU s";
        clauses.add(
            new Clause("CPU s", m.median(operation, Tool.CAPSTAN), MAX_SHORT_COMMAND_CPU, true));
      }
      case PEAK_RSS -> {
        target = "≤ 256 MiB";
        clauses.add(new Clause("MiB", m.median(operation, Tool.CAPSTAN), MAX_PEAK_RSS_MIB, true));
      }
      default -> {
        return new Verdict("—", "—");
      }
    }
    return new Verdict(target, outcome(clauses));
  }

  private static OptionalDouble ratio(Measurements m, Operation operation, Tool base) {
    return m.ratio(operation, Tool.CAPSTAN, base);
  }

  private static String outcome(List<Clause> clauses) {
    List<String> missed = new ArrayList<>();
    int unmeasured = 0;
    for (Clause clause : clauses) {
      if (!clause.measured()) {
        unmeasured++;
      } else if (!clause.met()) {
        missed.add(
            String.format(
                Locale.ROOT,
                "%.2f %s (want %s %.2f)",
                clause.actual().getAsDouble(),
                clause.text(),
                clause.atMost() ? "≤" : "<",
                clause.bound()));
      }
    }
    if (!missed.isEmpty()) {
      return "no: " + String.join(", ", missed);
    }
    if (unmeasured == clauses.size()) {
      return "not measured";
    }
    return unmeasured == 0
        ? "yes"
        : "yes where measured ("
            + unmeasured
            + " of "
            + clauses.size()
            + " parts need a tool that did not run)";
  }
}
