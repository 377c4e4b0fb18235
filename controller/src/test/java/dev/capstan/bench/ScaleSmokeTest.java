package dev.capstan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/scale, small (2 hosts, 10 Environments, drift interval 2 s, 2 rounds), so that it never
 * rots: a real {@code capstan run} converges every Environment on the hosts' files, and every
 * figure of the results is measured and sane.
 */
class ScaleSmokeTest {

  @TempDir Path dir;

  @Test
  void measuresRoundsCpuMemoryAndConnectionsAndWritesTheResults() throws Exception {
    Path root = Path.of(System.getProperty("capstan.projectRoot", ".."));
    ScaleOptions options =
        ScaleOptions.parse(
            "--environments", "10",
            "--hosts", "2",
            "--drift-interval", "2s",
            "--rounds", "2",
            "--bench-dir", root.resolve("bench").toString(),
            "--work", dir.resolve("work").toString(),
            "--results", dir.resolve("SCALE-RESULTS.md").toString(),
            "--mount", "/srv/capstan-scale-smoke",
            "--command", "ScaleSmokeTest");
    CapstanLauncher capstan = CapstanLauncher.onTestClassPath(root);

    String document = ScaleMain.run(options, capstan, System.out);
    System.out.println(document);

    assertEquals(document, Files.readString(options.results()));
    List<String> rows = document.lines().filter(l -> l.startsWith("| ")).toList();
    assertEquals(7, rows.size(), "a header and six figures:\n" + document);
    String samples =
        document.lines().filter(l -> l.startsWith("- 10 Environments:")).findFirst().orElseThrow();
    assertTrue(samples.matches(".*round wall s [0-9.]+, [0-9.]+;.*"), samples);
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split("\\|");
      double value = Double.parseDouble(cells[2].strip());
      assertTrue(value > 0, "measured and positive: " + row);
    }
    String round = rows.get(1).split("\\|")[2].strip();
    // Each Environment is looked at again 2 s after its reconcile: a round lasts at least that.
    assertTrue(Double.parseDouble(round) >= 1.5, "a round lasts about the interval: " + round);
    double cores = Double.parseDouble(rows.get(3).split("\\|")[2].strip());
    assertTrue(cores < 4, "CPU cores of the controller: " + cores);
    double peak = Double.parseDouble(rows.get(4).split("\\|")[2].strip());
    assertTrue(peak > 20 && peak < 4096, "VmHWM MiB: " + peak);
    double connections = Double.parseDouble(rows.get(6).split("\\|")[2].strip());
    // Ten Environments on two hosts, pooled: a connection or two per host, never one per
    // Environment.
    assertTrue(connections >= 1 && connections <= 4, "SSH connections: " + connections);
    assertTrue(document.contains("load average"), document);
  }
}
