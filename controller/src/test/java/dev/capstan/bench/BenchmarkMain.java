package dev.capstan.bench;

import java.nio.file.Files;
import java.util.List;

/**
 * The benchmark from the command line ({@code bench/run} starts it with the test class path):
 * prints progress and the table, writes the results file; exit 1 on a failed or unverified
 * operation, 2 on bad options.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) {
    BenchMain.main(
        "benchmark",
        args,
        BenchOptions::parse,
        BenchOptions::benchDir,
        BenchOptions::results,
        (options, capstan) -> {
          List<String> machine = MachineDescription.describe();
          BenchRun run = new Benchmark(options, capstan, System.out).run();
          Files.writeString(options.results(), ResultsDocument.render(options, run, machine));
          return new ResultsReport(run.measurements(), options.scale(), options.tools()).table();
        });
  }
}
