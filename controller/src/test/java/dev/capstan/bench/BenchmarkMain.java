package dev.capstan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The benchmark from the command line ({@code bench/run} starts it with the test class path):
 * prints progress and the table, writes the results file; exit 1 on a failed or unverified
 * operation, 2 on bad options.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      CapstanLauncher capstan =
          new CapstanLauncher(options.benchDir().resolve("capstan"), Map.of());
      List<String> machine = MachineDescription.describe();
      BenchRun run = new Benchmark(options, capstan, System.out).run();
      Files.writeString(options.results(), ResultsDocument.render(options, run, machine));
      System.out.println();
      System.out.println(
          new ResultsReport(run.measurements(), options.scale(), options.tools()).table());
      System.out.println("written to " + options.results());
      System.exit(0);
    } catch (IOException | RuntimeException | AssertionError e) {
      System.err.println("benchmark failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }
}
