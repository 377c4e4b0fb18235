package dev.capstan.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code bench/RESULTS.md}: the table, the machine, the load, the command, every sample. */
final class ResultsDocument {

  private ResultsDocument() {}

  static String render(BenchOptions options, BenchRun run, List<String> machine) {
    Scale scale = options.scale();
    ResultsReport report = new ResultsReport(run.measurements(), scale, options.tools());
    List<String> lines = new ArrayList<>();
    lines.add("# Benchmark results");
    lines.add("");
    lines.add(
        "Measured "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + " by `"
            + (options.commandLine().isBlank() ? "BenchmarkMain" : options.commandLine())
            + "`"
            + " (how it works: bench/README.md).");
    lines.add("");
    lines.add(
        String.format(
            "%d hosts (OpenSSH on 127.0.0.1), %s recipe, median of %d repetitions; tools"
                + " interleaved, their order rotated each repetition; every operation verified on every"
                + " host's files. Ratios are to the hand-written parallel shell script.",
            scale.hosts(), options.recipe().name().toLowerCase(Locale.ROOT), scale.repetitions()));
    lines.add("");
    lines.add(report.table());
    lines.add("## CPU seconds of each tool's own process");
    lines.add("");
    lines.add(
        "User + system seconds of the command and every child it waited for (Capstan: the JVM;"
            + " the hand script: bash and its ssh clients), as bash's `times` reports them; median.");
    lines.add("");
    lines.add(ResultsReport.cpuTable(run.cpu(), options.tools()));
    lines.add("## Machine");
    lines.add("");
    machine.forEach(line -> lines.add("- " + line));
    lines.add(
        "- load average (1, 5, 15 min) at start: "
            + run.loadAtStart()
            + ", at end: "
            + run.loadAtEnd()
            + " (the machine is shared with other work)");
    lines.add(
        "- the run took " + run.took().toMinutes() + " min " + run.took().toSecondsPart() + " s");
    lines.add("");
    if (!run.notes().isEmpty()) {
      lines.add("## Notes");
      lines.add("");
      run.notes().forEach(note -> lines.add("- " + note));
      lines.add("");
    }
    lines.add("## Every sample");
    lines.add("");
    lines.add(report.samples());
    return String.join("\n", lines);
  }
}
