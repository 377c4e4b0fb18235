package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.Eventually;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.SshdHosts;
import dev.capstan.testing.TinyApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capstan run} as a real process: killed with SIGKILL in the middle of a build, a new
 * controller converges without manual cleanup; SIGTERM stops it with exit status 0, leaving no lock
 * behind.
 */
class ControllerProcessTest {

  private static final String MOUNT = "/srv/capstan-process";
  private static final Pattern PORT = Pattern.compile("\\(port (\\d+)\\)");

  @TempDir Path work;
  private SshdHosts hosts;
  private GitRepo repo;
  private Path yaml;
  private Process controller;

  @BeforeEach
  void start() throws IOException {
    hosts = SshdHosts.builder().count(1).bindAt(MOUNT).start();
    repo = GitRepo.init(work.resolve("repo"));
    yaml = work.resolve("capstan.yaml");
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.destroyForcibly();
    }
    hosts.close();
    repo.close();
  }

  @Test
  void aControllerKilledMidBuildIsReplacedByOneThatConverges() throws Exception {
    Path slow = work.resolve("slow-builds");
    Files.writeString(slow, "");
    String commit = repo.write("app/version.txt", "v1\n").commit("v1");
    writeDesiredState(commit, "if [ -f " + slow + " ]; then sleep 120; fi");

    controller = startController();
    Eventually.await(
        Duration.ofSeconds(60),
        "a build is under way",
        () -> releases().stream().anyMatch(r -> state(r).contains("\"building\"")));
    assertTrue(Files.exists(deploy().resolve(".capstan/lock")), "the host is locked");
    controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    Files.delete(slow);
    controller = startController();
    Eventually.await(
        Duration.ofSeconds(60),
        "the new controller converged",
        () ->
            Files.exists(deploy().resolve("current/REVISION"))
                && Files.readString(deploy().resolve("current/REVISION")).strip().equals(commit));
    Eventually.await(
        Duration.ofSeconds(30),
        "the abandoned half-built release is gone",
        () -> releases().stream().noneMatch(r -> state(r).contains("\"building\"")));
  }

  @Test
  void sigtermStopsWithExitStatusZeroAndNoLockLeft() throws Exception {
    String commit = repo.write("app/version.txt", "v1\n").commit("v1");
    writeDesiredState(commit, "true");
    controller = startController();
    Eventually.await(
        Duration.ofSeconds(60),
        "converged",
        () -> Files.exists(deploy().resolve("current/REVISION")));

    long asked = System.nanoTime();
    controller.destroy(); // SIGTERM
    assertTrue(controller.waitFor(20, TimeUnit.SECONDS), "stopped");
    System.out.printf("measured: SIGTERM -> exit %d ms%n", (System.nanoTime() - asked) / 1_000_000);
    assertEquals(0, controller.exitValue());
    assertFalse(Files.exists(deploy().resolve(".capstan/lock")), "no lock left");
  }

  private Process startController() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.capstan.cli.Main",
                "run",
                "-f",
                yaml.toString(),
                "--listen",
                "127.0.0.1:0",
                "--state-dir",
                work.resolve("state").toString(),
                "--cache-dir",
                work.resolve("cache").toString(),
                "--shutdown-grace",
                "5")
            .redirectOutput(work.resolve("controller.out").toFile())
            .start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> readPort(process, port), "controller-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the controller did not start: " + e, e);
    }
    return process;
  }

  /** Reads the controller's stderr for its port, then keeps draining it so it never blocks. */
  private static void readPort(Process process, CompletableFuture<Integer> port) {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        System.out.println("controller: " + line);
        Matcher matcher = PORT.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.parseInt(matcher.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }

  private void writeDesiredState(String revision, String buildStep) throws IOException {
    Files.writeString(
        yaml, TinyApp.oneHost(MOUNT, revision, buildStep, hosts, "  driftInterval: 1s"));
  }

  private Path deploy() {
    return hosts.host(0).hostDir().resolve("tiny");
  }

  private List<String> releases() throws IOException {
    Path dir = deploy().resolve("releases");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }

  private String state(String release) {
    try {
      return Files.readString(deploy().resolve("releases/" + release + "/.capstan/release.json"));
    } catch (IOException e) {
      return "";
    }
  }
}
