package dev.capstan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark of bench/, small (2 hosts, 1 repetition, Capstan and the hand script, the light
 * recipe without virtualenvs so that it stays fast on a busy machine), so that it never rots: every
 * operation runs for real, is verified on every host's files (the benchmark fails otherwise), and
 * lands in a results table.
 */
class BenchmarkSmokeTest {

  @TempDir Path dir;

  @Test
  void measuresAndVerifiesEveryOperationAndWritesTheTable() throws Exception {
    Path root = Path.of(System.getProperty("capstan.projectRoot", ".."));
    Scale scale = new Scale(2, 1, 2, 3, 3, 2);
    List<Tool> tools = List.of(Tool.CAPSTAN, Tool.HAND_SCRIPT);
    BenchOptions options =
        new BenchOptions(
            scale,
            tools,
            Recipe.LIGHT,
            root.resolve("bench"),
            dir.resolve("work"),
            dir.resolve("RESULTS.md"),
            "/srv/capstan-bench-smoke",
            "BenchmarkSmokeTest",
            0);
    CapstanLauncher capstan = CapstanLauncher.onTestClassPath(root);

    BenchRun run = new Benchmark(options, capstan, System.out).run();

    Measurements measured = run.measurements();
    for (Operation operation : Operation.values()) {
      assertTrue(
          measured.median(operation, Tool.CAPSTAN).isPresent(), "Capstan measured: " + operation);
      if (operation.comparedWithOtherTools()) {
        assertEquals(
            operation == Operation.DRIFT_ROUND ? 3 : 1,
            measured.samples(operation, Tool.HAND_SCRIPT).size(),
            "hand script: " + operation);
      }
    }
    for (Operation operation : Operation.values()) {
      if (operation.comparedWithOtherTools() && operation != Operation.DRIFT_ROUND) {
        for (Tool tool : tools) {
          double cpu = run.cpu().median(operation, tool).orElse(-1);
          assertTrue(cpu > 0 && cpu < 600, tool + " CPU seconds of " + operation + ": " + cpu);
        }
      }
    }
    Files.writeString(
        options.results(), ResultsDocument.render(options, run, MachineDescription.describe()));
    String results = Files.readString(options.results());
    System.out.println(results);
    for (Operation operation : Operation.values()) {
      String label = new ResultsReport(measured, scale, tools).label(operation);
      assertTrue(
          results.lines().anyMatch(l -> l.startsWith("| " + label + " | ")), "a row for " + label);
    }
    assertTrue(results.contains("load average"), results);
    assertTrue(results.contains("## CPU seconds of each tool's own process"), results);
  }
}
