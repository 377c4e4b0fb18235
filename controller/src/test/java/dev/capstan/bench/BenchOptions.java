package dev.capstan.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What to run: the scale, the tools, the recipe, where the checked-in {@code bench/} folder is,
 * where scratch files and the results go, the mount point the hosts share, and the command line to
 * record.
 */
record BenchOptions(
    Scale scale,
    List<Tool> tools,
    Recipe recipe,
    Path benchDir,
    Path work,
    Path results,
    String mountPoint,
    String commandLine,
    int load) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: BenchmarkMain --bench-dir DIR --results FILE [--hosts N] [--reps N]",
          "         [--tools capstan,handscript,capistrano,ansible] [--drift-hosts N]",
          "         [--memory-environments N] [--memory-hosts N] [--hosts-per-environment N]",
          "         [--recipe full|light] [--work DIR] [--mount PATH] [--command TEXT] [--load N]");

  BenchOptions {
    tools = List.copyOf(tools);
    if (!tools.contains(Tool.CAPSTAN) || !tools.contains(Tool.HAND_SCRIPT)) {
      throw new IllegalArgumentException(
          "--tools must include capstan and handscript (the baseline)");
    }
    if (recipe == Recipe.LIGHT
        && (tools.contains(Tool.CAPISTRANO) || tools.contains(Tool.ANSIBLE))) {
      throw new IllegalArgumentException(
          "--recipe light is for Capstan and the hand script only (the smoke run)");
    }
  }

  static BenchOptions parse(String... args) {
    int hosts = 5;
    int reps = 3;
    Scale defaults = Scale.of(hosts, reps);
    int driftHosts = defaults.driftHosts();
    int environments = defaults.memoryEnvironments();
    int memoryHosts = defaults.memoryHosts();
    int perEnvironment = defaults.hostsPerEnvironment();
    List<Tool> tools = List.of(Tool.values());
    Recipe recipe = Recipe.FULL;
    Path benchDir = null;
    Path work = null;
    Path results = null;
    String mount = "/srv/capstan-bench";
    String command = "";
    int load = 0;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (option) {
        case "--hosts" -> hosts = positive(option, value);
        case "--reps" -> reps = positive(option, value);
        case "--drift-hosts" -> driftHosts = positive(option, value);
        case "--memory-environments" -> environments = positive(option, value);
        case "--memory-hosts" -> memoryHosts = positive(option, value);
        case "--hosts-per-environment" -> perEnvironment = positive(option, value);
        case "--tools" ->
            tools =
                Arrays.stream(value.split(","))
                    .map(String::strip)
                    .map(Tool::byId)
                    .distinct()
                    .toList();
        case "--recipe" ->
            recipe =
                switch (value) {
                  case "full" -> Recipe.FULL;
                  case "light" -> Recipe.LIGHT;
                  default ->
                      throw new IllegalArgumentException("--recipe is full or light, not " + value);
                };
        case "--bench-dir" -> benchDir = Path.of(value).toAbsolutePath();
        case "--work" -> work = Path.of(value).toAbsolutePath();
        case "--results" -> results = Path.of(value).toAbsolutePath();
        case "--mount" -> mount = value;
        case "--command" -> command = value;
        case "--load" -> load = value.equals("0") ? 0 : positive(option, value);
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }
    if (benchDir == null || results == null) {
      throw new IllegalArgumentException("--bench-dir and --results are required\n" + USAGE);
    }
    Scale scale = new Scale(hosts, reps, driftHosts, environments, memoryHosts, perEnvironment);
    return new BenchOptions(scale, tools, recipe, benchDir, work, results, mount, command, load);
  }

  private static int positive(String option, String value) {
    if (!value.matches("[1-9][0-9]{0,5}")) {
      throw new IllegalArgumentException(option + " must be a whole number ≥ 1, not " + value);
    }
    return Integer.parseInt(value);
  }
}
