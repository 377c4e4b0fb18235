package dev.capstan.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code bench/SCALE-RESULTS.md}: the command, the table, how each figure grows, the machine. */
final class ScaleDocument {

  private ScaleDocument() {}

  static String render(
      ScaleOptions options,
      List<ScalePoint> points,
      List<String> machine,
      String loadAtStart,
      String loadAtEnd) {
    ScaleReport report = new ScaleReport(points, options.interval());
    List<String> lines = new ArrayList<>();
    lines.add("# Scale benchmark results");
    lines.add("");
    lines.add(
        "Measured "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + " by `"
            + (options.commandLine().isBlank() ? "ScaleMain" : options.commandLine())
            + "` (how it works: bench/README.md, \"Scale\").");
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "One `capstan run` per size, %d sshd hosts on 127.0.0.1 (each in its own mount"
                + " namespace), Environment i alone on host i mod %d in its own deploy path, light"
                + " recipe, `driftInterval: %s`, `--workers %d`; %d drift rounds measured after every"
                + " Environment was live on its host's files and one more round went by.",
            options.hosts(),
            options.hosts(),
            options.driftInterval(),
            options.workers(),
            options.rounds()));
    lines.add("");
    lines.add(report.table());
    lines.add(
        "Overall: "
            + (report.allMet() ? "every target met" : "**at least one target missed**")
            + " at "
            + points.get(points.size() - 1).environments()
            + " Environments.");
    lines.add("");
    lines.add("## How each figure grows");
    lines.add("");
    lines.add("- " + report.growth("slowest round, s", ScalePoint::slowestPeriod));
    lines.add("- " + report.growth("round work ÷ workers, s", ScalePoint::mostBusy));
    lines.add("- " + report.growth("CPU, cores", ScalePoint::cpuPerSecond));
    lines.add("- " + report.growth("VmHWM, MiB", ScalePoint::peakMiB));
    lines.add("- " + report.growth("SSH connections", p -> p.connections()));
    lines.add("");
    lines.add("## What each figure is");
    lines.add("");
    lines.add(
        "- A drift round is one reconcile of every Environment: the sum of"
            + " `capstan_reconciles_total` over all Environments grew by their count. Its wall"
            + " time is measured between scrapes of /metrics (at most 1 s apart); its work is the"
            + " growth of the sum of `capstan_reconcile_duration_seconds_sum` divided by the"
            + " workers. Each Environment is requeued an interval after its reconcile ends, so a"
            + " round that keeps up lasts the interval plus about one reconcile.");
    lines.add(
        "- CPU: utime + stime of the controller's JVM (/proc/PID/stat) over the measured rounds,"
            + " per wall second; it includes answering the benchmark's scrapes of /metrics.");
    lines.add("- Memory: VmHWM and VmRSS of /proc/PID/status after the rounds.");
    lines.add(
        "- SSH connections: the controller's sockets (/proc/PID/fd) that /proc/PID/net/tcp shows"
            + " ESTABLISHED to an sshd port; the most seen at any scrape during the rounds.");
    lines.add("");
    lines.add("## Samples");
    lines.add("");
    for (ScalePoint point : points) {
      lines.add(
          String.format(
              Locale.ROOT,
              "- %d Environments: round wall s %s; round work ÷ workers s %s",
              point.environments(),
              format(point.roundPeriods()),
              format(point.roundBusy())));
    }
    lines.add("");
    lines.add("## Machine");
    lines.add("");
    machine.forEach(line -> lines.add("- " + line));
    lines.add(
        "- load average (1, 5, 15 min) at start: "
            + loadAtStart
            + ", at end: "
            + loadAtEnd
            + " (the machine is shared with other work)");
    lines.add("");
    return String.join("\n", lines);
  }

  private static String format(List<Double> values) {
    return String.join(
        ", ", values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
  }
}
