package dev.capstan.bench;

import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/scale}: one controller with 10, 100, 1000 Environments (or the sizes asked), each
 * size measured by {@link ScaleProbe} on the same sshd hosts; prints the table and writes {@code
 * bench/SCALE-RESULTS.md}. Exit 1 on a failed measurement, 2 on bad options.
 */
public final class ScaleMain {

  private ScaleMain() {}

  public static void main(String[] args) {
    BenchMain.main(
        "scale benchmark",
        args,
        ScaleOptions::parse,
        ScaleOptions::benchDir,
        ScaleOptions::results,
        (options, capstan) -> run(options, capstan, System.out));
  }

  /** Measures every size, writes the results file and returns its text. */
  static String run(ScaleOptions options, CapstanLauncher capstan, PrintStream progress)
      throws IOException {
    List<String> machine = MachineDescription.describe();
    String loadAtStart = MachineDescription.loadAverage();
    Files.createDirectories(options.work());
    BenchApp app = BenchApp.create(options.work().resolve("app"));
    List<ScalePoint> points = new ArrayList<>();
    try (SshdHosts hosts = HostSlice.startHosts(options.hosts(), options.mountPoint())) {
      HostSlice fleet = new HostSlice(hosts, options.mountPoint(), options.hosts());
      ScaleProbe probe = new ScaleProbe(fleet, app, capstan, options, progress);
      for (int environments : options.environments()) {
        progress.println("bench/scale: " + environments + " environments");
        points.add(probe.measure(environments));
      }
    }
    String document =
        ScaleDocument.render(
            options, points, machine, loadAtStart, MachineDescription.loadAverage());
    Files.writeString(options.results(), document);
    return document;
  }
}
