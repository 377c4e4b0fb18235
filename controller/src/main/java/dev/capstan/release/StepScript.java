package dev.capstan.release;

import dev.capstan.host.ExecResult;
import dev.capstan.host.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Several steps as one remote script, so that a phase costs one round trip however many steps
 * it has. The script stops at the first failing step and names it on its last line of standard
 * output ({@code capstan-failed <status> <step>}), with that step's standard error as the tail
 * of its own; {@link #failure} turns that back into a {@link StepFailedException}.
 *
 * <p>Every step runs in its own {@code /bin/sh -c}, as a separate command would: a step that
 * does not parse, or calls {@code exit}, ends only itself.
 */
final class StepScript {

  private static final String FAILED = "capstan-failed ";
  private static final int TAIL_LINES = 15;

  /** Where a step's standard error goes, relative to the release the script entered. */
  private static final String ERROR_LOG = ".capstan/step-stderr";

  private final List<String> names = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private boolean entered;

  /**
   * A step that runs before the release folder can be entered (creating or switching to it);
   * its standard error passes straight through.
   */
  StepScript outside(String name, String script) {
    names.add(name);
    text.append("/bin/sh -c ").append(Shell.quote(script))
        .append(" || { s=$?; ").append(failLine(name)).append(" }\n");
    return this;
  }

  /**
   * Enters the release with the environment every recipe command is promised; the steps after
   * this run there.
   */
  StepScript enter(String header) {
    entered = true;
    text.append(header);
    return this;
  }

  StepScript steps(List<Step> steps) {
    steps.forEach(this::step);
    return this;
  }

  StepScript step(Step step) {
    if (!entered) {
      throw new IllegalStateException("recipe steps run inside a release: call enter() first");
    }
    names.add(step.name());
    String log = ERROR_LOG;
    text.append("/bin/sh -c ").append(Shell.quote(step.command())).append(" 2>").append(log)
        .append(" || { s=$?; tail -n ").append(TAIL_LINES).append(' ').append(log)
        .append(" >&2; ").append(failLine(step.name())).append(" }\n");
    return this;
  }

  String script() {
    return text + "exit 0\n";
  }

  /** The step the first name of this script belongs to: what a failure before any marker is. */
  String firstStep() {
    return names.isEmpty() ? "script" : names.get(0);
  }

  /**
   * The failed step a finished script reports, or, when it died before naming one (the release
   * could not be entered, say), its first step.
   */
  StepFailedException failure(String host, ExecResult result) {
    String step = firstStep();
    String status = String.valueOf(result.exitStatus());
    List<String> lines = result.stdout().lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(FAILED)) {
        String[] parts = lines.get(i).substring(FAILED.length()).split(" ", 2);
        status = parts[0];
        step = parts.length > 1 ? parts[1] : step;
        break;
      }
    }
    String tail = result.stderrTail(TAIL_LINES);
    if (tail.isBlank()) {
      tail = tailWithout(lines, FAILED);
    }
    return new StepFailedException(
        host, step, "exit status " + status + (tail.isBlank() ? "" : "\n" + tail));
  }

  private static String failLine(String name) {
    return "echo \"" + FAILED + "$s\" " + Shell.quote(name) + "; exit 90;";
  }

  private static String tailWithout(List<String> lines, String markerPrefix) {
    List<String> kept = lines.stream().filter(l -> !l.startsWith(markerPrefix)).toList();
    return String.join("\n", kept.subList(Math.max(0, kept.size() - TAIL_LINES), kept.size()));
  }
}
