package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.Eventually;
import dev.capstan.testing.LocalApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File mode never loads a Kubernetes class, and a one-shot command no metrics class: start-up of
 * {@code plan}, {@code apply} and {@code run -f} pays only for what it uses. Checked with the JVM's
 * own class-load log on a real process.
 */
class FileModeClassLoadingTest {

  @TempDir Path work;

  @Test
  void applyLoadsNoKubernetesClass() throws Exception {
    Path yaml = LocalApp.desiredState(work);
    Path log = work.resolve("apply-classes.log");
    Process apply =
        capstan(
            log, "apply", "-f", yaml.toString(), "--cache-dir", work.resolve("cache").toString());
    assertTrue(apply.waitFor(120, TimeUnit.SECONDS), "apply finished");
    assertEquals(0, apply.exitValue(), "apply converged");
    assertNoKubernetesClass(log);
    assertNoMetricsClass(log);
  }

  @Test
  void planLoadsNoKubernetesAndNoMetricsClass() throws Exception {
    Path yaml = LocalApp.desiredState(work);
    Path log = work.resolve("plan-classes.log");
    Process plan =
        capstan(
            log, "plan", "-f", yaml.toString(), "--cache-dir", work.resolve("cache").toString());
    assertTrue(plan.waitFor(120, TimeUnit.SECONDS), "plan finished");
    assertEquals(0, plan.exitValue(), "plan ran");
    assertNoKubernetesClass(log);
    assertNoMetricsClass(log);
  }

  @Test
  void theFileModeControllerLoadsNoKubernetesClass() throws Exception {
    Path yaml = LocalApp.desiredState(work);
    Path log = work.resolve("run-classes.log");
    Process run =
        capstan(
            log,
            "run",
            "-f",
            yaml.toString(),
            "--listen",
            "127.0.0.1:0",
            "--state-dir",
            work.resolve("state").toString(),
            "--cache-dir",
            work.resolve("cache").toString());
    try {
      Eventually.await(
          Duration.ofSeconds(60),
          "the controller converged the local host",
          () -> Files.exists(work.resolve("deploy/current/REVISION")));
    } finally {
      run.destroy();
      assertTrue(run.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
    }
    assertNoKubernetesClass(log);
    assertTrue(
        Files.readString(log).contains("io.prometheus.metrics.core"),
        "the controller serves its metrics with the Prometheus client: " + log);
  }

  private static void assertNoMetricsClass(Path log) throws IOException {
    List<String> metrics =
        Files.readAllLines(log).stream()
            .filter(l -> l.contains("io.prometheus") || l.contains("dev.capstan.server.Metrics"))
            .toList();
    assertEquals(List.of(), metrics, "metrics classes loaded by a one-shot command");
  }

  private static void assertNoKubernetesClass(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("dev.capstan.cli.Main")),
        "the class-load log is read: " + log);
    List<String> kubernetes =
        lines.stream()
            .filter(l -> l.contains("io.fabric8") || l.contains("dev.capstan.kube"))
            .toList();
    assertEquals(List.of(), kubernetes, "Kubernetes classes loaded in file mode");
  }

  private Process capstan(Path classLog, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.capstan.cli.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(work.resolve("out.log").toFile())
        .redirectError(work.resolve("err.log").toFile())
        .start();
  }
}
