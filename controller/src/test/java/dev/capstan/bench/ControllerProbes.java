package dev.capstan.bench;

import dev.capstan.testing.Eventually;
import dev.capstan.testing.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What only {@code capstan run} shows: how long one drift round over many hosts takes inside the
 * running controller, and the controller's peak memory with many Environments.
 */
final class ControllerProbes {

  private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(20);

  /** Peak and current resident memory of the controller, in MiB. */
  record Memory(double peakMiB, double residentMiB) {}

  private ControllerProbes() {}

  /**
   * Deploys the site's recipe to every host of the site with {@code capstan run} (drift interval 1
   * s), then returns the durations of {@code rounds} single drift rounds after it converged.
   */
  static List<Double> driftRounds(ToolSite site, CapstanLauncher capstan, int rounds) {
    String name = "bench-" + site.folder();
    String commit = site.app().firstCommit();
    Path yaml =
        write(
            site.work().resolve("controller-" + site.folder() + ".yaml"),
            CapstanYaml.application(site.recipe(), name, site.app().repository(), site.deployPath())
                + CapstanYaml.environment(
                    name, name, commit, site.fleet().logins(), site.fleet(), "1s"));
    try (ControllerProcess controller =
        ControllerProcess.start(capstan, yaml, site.work(), site.folder())) {
      Eventually.await(
          CONVERGE_TIMEOUT,
          "capstan run deployed to every host (" + controller.log() + ")",
          () ->
              !controller.alive()
                  || site.fleet().live(site.folder(), commit, site.fleet().allHosts())
                      && reconciles(controller.metrics()) >= 1);
      controller.expectAlive();
      DriftRounds drift = new DriftRounds(name);
      Eventually.await(
          Duration.ofSeconds(60 + 30L * rounds),
          rounds + " drift rounds",
          () -> !controller.alive() || drift.scrape(controller.metrics()) >= rounds);
      controller.expectAlive();
      site.fleet().expectLive(site.folder(), commit, "capstan run's drift rounds");
      return drift.durations();
    }
  }

  /**
   * Runs {@code capstan run} with {@code environments} light Applications and Environments, the
   * i-th on hosts i..i+hostsPerEnvironment-1 (mod the fleet's size), each its own deploy path; once
   * every one is live, waits for two more rounds of every Environment and reads the peak RSS. The
   * drift interval grows with the count (1 s per 20 Environments) so that the rounds do not pile up
   * on a small machine.
   */
  static Memory peakMemory(
      ToolSite site, CapstanLauncher capstan, int environments, int hostsPerEnvironment) {
    String commit = site.app().firstCommit();
    String driftInterval = Math.max(1, environments / 20) + "s";
    StringBuilder yaml = new StringBuilder();
    List<List<Integer>> hostsOf = new ArrayList<>();
    for (int e = 0; e < environments; e++) {
      List<Integer> hosts = new ArrayList<>();
      for (int k = 0; k < hostsPerEnvironment; k++) {
        hosts.add((e + k) % site.fleet().size());
      }
      hostsOf.add(hosts);
      String name = environmentName(e);
      yaml.append(
              CapstanYaml.application(
                  Recipe.LIGHT,
                  name,
                  site.app().repository(),
                  site.fleet().deployPath(folder(site, e))))
          .append(
              CapstanYaml.environment(
                  name,
                  name,
                  commit,
                  hosts.stream().map(h -> site.fleet().logins().get(h)).toList(),
                  site.fleet(),
                  driftInterval));
    }
    Path file =
        write(site.work().resolve("controller-" + site.folder() + ".yaml"), yaml.toString());
    try (ControllerProcess controller =
        ControllerProcess.start(capstan, file, site.work(), site.folder())) {
      Eventually.await(
          CONVERGE_TIMEOUT,
          "capstan run deployed all " + environments + " environments (" + controller.log() + ")",
          () -> {
            if (!controller.alive()) {
              return true;
            }
            for (int e = 0; e < environments; e++) {
              if (!site.fleet().live(folder(site, e), commit, hostsOf.get(e))) {
                return false;
              }
            }
            return true;
          });
      controller.expectAlive();
      double converged = reconciles(controller.metrics());
      Eventually.await(
          CONVERGE_TIMEOUT,
          "two more rounds of every environment",
          () ->
              !controller.alive()
                  || reconciles(controller.metrics()) >= converged + 2.0 * environments);
      Memory memory = new Memory(controller.memoryMiB("VmHWM"), controller.memoryMiB("VmRSS"));
      for (int e = 0; e < environments; e++) {
        site.fleet()
            .expectLive(
                folder(site, e), commit, "capstan run of " + environmentName(e), hostsOf.get(e));
      }
      return memory;
    }
  }

  private static String environmentName(int index) {
    return String.format("bench-mem-%03d", index);
  }

  private static String folder(ToolSite site, int index) {
    return site.folder() + "/" + String.format("e%03d", index);
  }

  /** Reconciles finished, of every Environment, successful or not. */
  private static double reconciles(PrometheusText metrics) {
    return metrics.samples("capstan_reconciles_total").stream()
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
