package dev.capstan.bench;

import dev.capstan.testing.Eventually;
import dev.capstan.testing.PrometheusText;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * One size of {@code bench/scale}: {@code capstan run} with that many light Environments, the i-th
 * alone on host i mod the fleet's size in its own deploy path (its own Application); once every one
 * is live on its host's files and one more round went by, measures {@code rounds} drift rounds from
 * outside: the controller's metrics, {@code /proc/PID/stat}, {@code status} and its sockets.
 */
final class ScaleProbe {

  private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(40);

  private final HostSlice fleet;
  private final BenchApp app;
  private final CapstanLauncher capstan;
  private final ScaleOptions options;
  private final PrintStream progress;

  ScaleProbe(
      HostSlice fleet,
      BenchApp app,
      CapstanLauncher capstan,
      ScaleOptions options,
      PrintStream progress) {
    this.fleet = fleet;
    this.app = app;
    this.capstan = capstan;
    this.options = options;
    this.progress = progress;
  }

  ScalePoint measure(int environments) {
    String name = "scale-" + environments;
    String commit = app.firstCommit();
    Path yaml = write(options.work().resolve(name + ".yaml"), yaml(name, environments, commit));
    Set<Integer> sshPorts = new HashSet<>();
    for (String hostPort : fleet.hostPorts()) {
      sshPorts.add(Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
    }
    try (ControllerProcess controller =
        ControllerProcess.start(
            capstan,
            yaml,
            options.work(),
            name,
            List.of("--workers", String.valueOf(options.workers())))) {
      long started = System.nanoTime();
      await(
          CONVERGE_TIMEOUT,
          "capstan run deployed all " + environments + " environments (" + controller.log() + ")",
          () -> !controller.alive() || allLive(name, environments, commit));
      controller.expectAlive();
      progress.printf(
          "  %d environments live after %.0f s%n",
          environments, (System.nanoTime() - started) / 1e9);
      // One round to leave the first deploys behind: every Environment is drift-checking now.
      Counters before = Counters.of(controller.metrics());
      awaitReconciles(controller, before.reconciles() + environments, "a first drift round");
      ProcessStats stats = new ProcessStats(controller.pid());
      Counters last = Counters.of(controller.metrics());
      long lastTime = System.nanoTime();
      long firstTime = lastTime;
      double cpuBefore = stats.cpuSeconds();
      List<Double> periods = new ArrayList<>();
      List<Double> busy = new ArrayList<>();
      int[] connections = {stats.establishedTo(sshPorts)};
      for (int round = 1; round <= options.rounds(); round++) {
        double target = last.reconciles() + environments;
        awaitReconciles(
            controller,
            target,
            "drift round " + round,
            () -> connections[0] = Math.max(connections[0], stats.establishedTo(sshPorts)));
        Counters now = Counters.of(controller.metrics());
        long nowTime = System.nanoTime();
        periods.add((nowTime - lastTime) / 1e9);
        busy.add((now.durationSum() - last.durationSum()) / options.workers());
        progress.printf(
            "  round %d: %.1f s (%.1f s of work per worker), %d connections%n",
            round, periods.get(periods.size() - 1), busy.get(busy.size() - 1), connections[0]);
        last = now;
        lastTime = nowTime;
      }
      double cpu = (stats.cpuSeconds() - cpuBefore) / ((lastTime - firstTime) / 1e9);
      ScalePoint point =
          new ScalePoint(
              environments,
              fleet.size(),
              periods,
              busy,
              cpu,
              controller.memoryMiB("VmHWM"),
              controller.memoryMiB("VmRSS"),
              connections[0]);
      for (int e = 0; e < environments; e++) {
        fleet.expectLive(folder(name, e), commit, "capstan run's drift rounds", hostOf(e));
      }
      return point;
    }
  }

  private void awaitReconciles(ControllerProcess controller, double target, String what) {
    awaitReconciles(controller, target, what, () -> {});
  }

  /** Waits until every Environment has reconciled once more, sampling between scrapes. */
  private void awaitReconciles(
      ControllerProcess controller, double target, String what, Runnable sample) {
    Duration timeout = options.interval().multipliedBy(20).plusMinutes(5);
    await(
        timeout,
        what + " (" + controller.log() + ")",
        () -> {
          if (!controller.alive()) {
            return true;
          }
          sample.run();
          return Counters.of(controller.metrics()).reconciles() >= target;
        });
    controller.expectAlive();
  }

  private boolean allLive(String name, int environments, String commit) {
    for (int e = 0; e < environments; e++) {
      if (!fleet.live(folder(name, e), commit, hostOf(e))) {
        return false;
      }
    }
    return true;
  }

  private String yaml(String name, int environments, String commit) {
    StringBuilder yaml = new StringBuilder();
    for (int e = 0; e < environments; e++) {
      String env = String.format("%s-%04d", name, e);
      yaml.append(
              CapstanYaml.application(
                  Recipe.LIGHT, env, app.repository(), fleet.deployPath(folder(name, e))))
          .append(
              CapstanYaml.environment(
                  env,
                  env,
                  commit,
                  List.of(fleet.logins().get(hostOf(e).get(0))),
                  fleet,
                  options.driftInterval()));
    }
    return yaml.toString();
  }

  private List<Integer> hostOf(int environment) {
    return List.of(environment % fleet.size());
  }

  private static String folder(String name, int environment) {
    return name + "/" + String.format("e%04d", environment);
  }

  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The controller's totals over every Environment: reconciles finished and their seconds. */
  record Counters(double reconciles, double durationSum) {
    static Counters of(PrometheusText metrics) {
      return new Counters(
          sum(metrics, "capstan_reconciles_total"),
          sum(metrics, "capstan_reconcile_duration_seconds_sum"));
    }

    private static double sum(PrometheusText metrics, String name) {
      return metrics.samples(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }
  }

  /**
   * {@code Eventually.await} looking less often: every scrape of {@code /metrics} with a thousand
   * Environments costs the controller CPU, which is what is measured.
   */
  private void await(Duration timeout, String what, Callable<Boolean> condition) {
    Duration pause = Duration.ofMillis(Math.min(1000, options.interval().toMillis() / 8));
    try {
      Eventually.await(timeout, pause, what, condition);
    } catch (AssertionError timedOut) {
      throw new BenchFailure(timedOut.getMessage());
    }
  }
}
