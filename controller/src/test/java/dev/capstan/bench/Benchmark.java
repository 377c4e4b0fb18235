package dev.capstan.bench;

import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs the benchmark: every tool over the same real hosts, operations interleaved across tools
 * (their order rotated each repetition), each one verified on the hosts' files before it counts;
 * then the drift round and the controller's memory, which only Capstan has.
 */
final class Benchmark {

  private final BenchOptions options;
  private final CapstanLauncher capstan;
  private final PrintStream progress;
  private final Measurements measurements = new Measurements();
  private final Measurements cpu = new Measurements();
  private final List<String> notes = new ArrayList<>();

  Benchmark(BenchOptions options, CapstanLauncher capstan, PrintStream progress) {
    this.options = options;
    this.capstan = capstan;
    this.progress = progress;
  }

  BenchRun run() {
    long start = System.nanoTime();
    String loadAtStart = MachineDescription.loadAverage();
    ToolsInstalled.require(options.tools());
    Path work = workDir();
    progress.println("benchmark: scratch files and logs in " + work);
    BenchApp app = BenchApp.create(work.resolve("app"));
    Scale scale = options.scale();
    int count = Math.max(scale.hosts(), Math.max(scale.driftHosts(), scale.memoryHosts()));
    try (SshdHosts hosts = HostSlice.startHosts(count, options.mountPoint());
        BusyLoad load = new BusyLoad(options.load())) {
      if (load.size() > 0) {
        notes.add(load.size() + " CPU-bound processes ran beside every measurement (--load)");
      }
      deployOperations(app, work, fleet(hosts, scale.hosts()));
      shortCommands(app, work, fleet(hosts, scale.hosts()));
      driftRound(app, work, fleet(hosts, scale.driftHosts()));
      controllerMemory(app, work, fleet(hosts, scale.memoryHosts()));
    }
    return new BenchRun(
        measurements,
        cpu,
        notes,
        loadAtStart,
        MachineDescription.loadAverage(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private HostSlice fleet(SshdHosts hosts, int size) {
    return new HostSlice(hosts, options.mountPoint(), size);
  }

  private void deployOperations(BenchApp app, Path work, HostSlice fleet) {
    List<DeployTool> tools =
        options.tools().stream()
            .map(
                t ->
                    create(
                        t,
                        new ToolSite(
                            fleet, t.id(), app, options.recipe(), options.benchDir(), work)))
            .toList();
    for (int rep = 0; rep < options.scale().repetitions(); rep++) {
      List<DeployTool> order = rotated(tools, rep);
      order.forEach(t -> fleet.wipe(t.tool().id()));
      String first = app.firstCommit();
      String second = app.codeOnlyCommit();
      measure(rep, Operation.FIRST_DEPLOY, order, fleet, first, t -> t.deploy(first));
      measure(rep, Operation.CODE_ONLY_DEPLOY, order, fleet, second, t -> t.deploy(second));
      measure(rep, Operation.NO_OP_CHECK, order, fleet, second, t -> t.check(second));
      measure(rep, Operation.ROLLBACK, order, fleet, first, t -> t.rollback(first));
    }
  }

  /** One operation by every tool in turn, each verified on every host before it counts. */
  private void measure(
      int rep,
      Operation operation,
      List<DeployTool> tools,
      HostSlice fleet,
      String expected,
      Function<DeployTool, Timing> action) {
    for (DeployTool tool : tools) {
      Timing timing = action.apply(tool);
      String what = tool.tool().label() + " " + operation.label();
      fleet.expectLive(tool.tool().id(), expected, what);
      measurements.add(operation, tool.tool(), timing.seconds());
      cpu.add(operation, tool.tool(), timing.cpuSeconds());
      progress.printf(
          Locale.ROOT,
          "rep %d/%d  %-60s %-12s %7.2f s  %6.2f CPU s  (verified on %d hosts)%n",
          rep + 1,
          options.scale().repetitions(),
          operation.label(),
          tool.tool().label(),
          timing.seconds(),
          timing.cpuSeconds(),
          fleet.size());
    }
  }

  /** validate and a no-op apply on local, in CPU seconds of the Capstan process. */
  private void shortCommands(BenchApp app, Path work, HostSlice fleet) {
    ToolSite site = new ToolSite(fleet, "short", app, options.recipe(), options.benchDir(), work);
    ShortCommands commands = new ShortCommands(site, capstan);
    commands.prepare();
    for (int rep = 0; rep < options.scale().repetitions(); rep++) {
      record(Operation.VALIDATE, commands.validate());
      record(Operation.NO_OP_LOCAL, commands.noOpApply());
    }
  }

  private void record(Operation operation, Timing timing) {
    measurements.add(operation, Tool.CAPSTAN, timing.cpuSeconds());
    cpu.add(operation, Tool.CAPSTAN, timing.cpuSeconds());
    progress.printf(
        Locale.ROOT,
        "%-60s %-12s %6.2f CPU s (%.2f s)%n",
        operation.label(),
        Tool.CAPSTAN.label(),
        timing.cpuSeconds(),
        timing.seconds());
  }

  /**
   * Single drift rounds of {@code capstan run} over the drift hosts, in Capstan's deploy folder
   * (the first hosts already run the first commit there after the rollback: only the others build);
   * the other tools' checks run over the same hosts against the release Capstan made live there
   * (same layout).
   */
  private void driftRound(BenchApp app, Path work, HostSlice fleet) {
    int rounds = Math.max(3, options.scale().repetitions());
    ToolSite site =
        new ToolSite(fleet, Tool.CAPSTAN.id(), app, options.recipe(), options.benchDir(), work);
    List<Double> durations = ControllerProbes.driftRounds(site, capstan, rounds);
    durations.forEach(d -> measurements.add(Operation.DRIFT_ROUND, Tool.CAPSTAN, d));
    progress.printf(
        Locale.ROOT, "drift rounds of capstan run over %d hosts: %s s%n", fleet.size(), durations);
    List<DeployTool> others =
        options.tools().stream().filter(t -> t != Tool.CAPSTAN).map(t -> create(t, site)).toList();
    for (int round = 0; round < rounds; round++) {
      for (DeployTool tool : rotated(others, round)) {
        double seconds = tool.check(app.firstCommit()).seconds();
        measurements.add(Operation.DRIFT_ROUND, tool.tool(), seconds);
        progress.printf(
            Locale.ROOT,
            "check over %d hosts  %-12s %7.2f s%n",
            fleet.size(),
            tool.tool().label(),
            seconds);
      }
    }
  }

  private void controllerMemory(BenchApp app, Path work, HostSlice fleet) {
    Scale scale = options.scale();
    ToolSite site = new ToolSite(fleet, "memory", app, Recipe.LIGHT, options.benchDir(), work);
    ControllerProbes.Memory memory =
        ControllerProbes.peakMemory(
            site, capstan, scale.memoryEnvironments(), scale.hostsPerEnvironment());
    measurements.add(Operation.PEAK_RSS, Tool.CAPSTAN, memory.peakMiB());
    String note =
        String.format(
            Locale.ROOT,
            "capstan run with %d Environments × %d hosts (on %d hosts): peak RSS %.0f MiB,"
                + " RSS %.0f MiB after every Environment converged and reconciled twice more",
            scale.memoryEnvironments(),
            scale.hostsPerEnvironment(),
            fleet.size(),
            memory.peakMiB(),
            memory.residentMiB());
    notes.add(note);
    progress.println(note);
  }

  private DeployTool create(Tool tool, ToolSite site) {
    return switch (tool) {
      case CAPSTAN -> new CapstanTool(site, capstan);
      case HAND_SCRIPT -> new HandScriptTool(site);
      case CAPISTRANO -> new CapistranoTool(site);
      case ANSIBLE -> new AnsibleTool(site);
    };
  }

  private static <T> List<T> rotated(List<T> items, int by) {
    List<T> copy = new ArrayList<>(items);
    Collections.rotate(copy, -by);
    return copy;
  }

  private Path workDir() {
    try {
      return options.work() != null
          ? Files.createDirectories(options.work())
          : Files.createTempDirectory("capstan-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
