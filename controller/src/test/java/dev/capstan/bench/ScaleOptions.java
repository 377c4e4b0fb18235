package dev.capstan.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code bench/scale} runs: the Environment counts to measure one after the other, the sshd
 * hosts they share (Environment i on host i mod hosts, each its own deploy path), the drift
 * interval, how many drift rounds to measure, the controller's workers, and where things go.
 */
record ScaleOptions(
    List<Integer> environments,
    int hosts,
    String driftInterval,
    int rounds,
    int workers,
    Path benchDir,
    Path work,
    Path results,
    String mountPoint,
    String commandLine) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: ScaleMain --bench-dir DIR --results FILE [--environments 10,100,1000]",
          "         [--hosts 10] [--drift-interval 30s] [--rounds 3] [--workers 16]",
          "         [--work DIR] [--mount PATH] [--command TEXT]");

  ScaleOptions {
    environments = List.copyOf(environments);
    if (environments.isEmpty() || environments.stream().anyMatch(e -> e < 1)) {
      throw new IllegalArgumentException("--environments: counts ≥ 1, comma-separated");
    }
    if (hosts < 1 || rounds < 1 || workers < 1) {
      throw new IllegalArgumentException("--hosts, --rounds and --workers must be ≥ 1");
    }
    interval(driftInterval);
  }

  Duration interval() {
    return interval(driftInterval);
  }

  private static Duration interval(String text) {
    if (text == null || !text.matches("\\d+s")) {
      throw new IllegalArgumentException("--drift-interval: whole seconds like 30s: " + text);
    }
    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
  }

  static ScaleOptions parse(String... args) {
    List<Integer> environments = List.of(10, 100, 1000);
    int hosts = 10;
    String interval = "30s";
    int rounds = 3;
    int workers = 16;
    Path benchDir = null;
    Path work = null;
    Path results = null;
    String mount = "/srv/capstan-scale";
    String command = "";
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      try {
        switch (name) {
          case "--environments" ->
              environments =
                  Arrays.stream(value.split(","))
                      .map(String::strip)
                      .map(Integer::parseInt)
                      .toList();
          case "--hosts" -> hosts = Integer.parseInt(value);
          case "--drift-interval" -> interval = value;
          case "--rounds" -> rounds = Integer.parseInt(value);
          case "--workers" -> workers = Integer.parseInt(value);
          case "--bench-dir" -> benchDir = Path.of(value);
          case "--work" -> work = Path.of(value);
          case "--results" -> results = Path.of(value);
          case "--mount" -> mount = value;
          case "--command" -> command = value;
          default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a number: " + value);
      }
    }
    if (benchDir == null || results == null) {
      throw new IllegalArgumentException("--bench-dir and --results are required\n" + USAGE);
    }
    if (work == null) {
      work = Path.of(System.getProperty("java.io.tmpdir"), "capstan-scale");
    }
    return new ScaleOptions(
        environments, hosts, interval, rounds, workers, benchDir, work, results, mount, command);
  }
}
