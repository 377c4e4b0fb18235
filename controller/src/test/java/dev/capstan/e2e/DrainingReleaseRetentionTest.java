package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.RedisServer;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code keepReleases: 1}, a release whose Celery worker still drains a 20 s task after the
 * switch to the next one is kept, even by another apply while it drains; once the worker has
 * exited, the next apply prunes it.
 */
class DrainingReleaseRetentionTest {

  private static final String MOUNT = "/srv/capstan-retention";
  // Short: the supervisor socket under it must fit a socket address (107 bytes).
  private static final String DEPLOY = MOUNT + "/app";
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  // Longer than two applies (each takes a few seconds here): the task runs through both.
  private static final int TASK_SECONDS = 20;

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);
  private RedisServer redis;

  @AfterEach
  void stopEverything() throws Exception {
    try {
      ServiceHosts.shutdown(fleet.hosts().host(0), DEPLOY);
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Test
  void aReleaseWhoseWorkerDrainsIsPrunedOnlyAfterItExits() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("nsenter", "util-linux");
    RequiredTools.pythonModule(PYTHON, "celery", "python3-celery");
    redis = RedisServer.start(fleet.work().resolve("redis.log"));
    Path client = Files.createDirectories(fleet.work().resolve("client"));
    Files.writeString(client.resolve("tasks.py"), ServiceHosts.TASKS);
    Files.writeString(client.resolve("client.py"), ServiceHosts.CLIENT);

    String commitA = fleet.repo().write("app/tasks.py", ServiceHosts.TASKS).commit("A");
    writeDesiredState(commitA);
    CliRun first = fleet.apply();
    assertEquals(0, first.exitCode(), first.all());
    String releaseA = liveRelease();

    String slow = client(client, "submit", "slow", String.valueOf(TASK_SECONDS));
    Eventually.await(
        Duration.ofSeconds(30),
        "the long task has started in release A's worker",
        () -> client(client, "state", slow).equals("STARTED"));

    String commitB =
        fleet
            .repo()
            .write("app/VERSION", "B\n")
            .write("app/tasks.py", ServiceHosts.TASKS)
            .commit("B");
    writeDesiredState(commitB);
    long applying = System.nanoTime();
    CliRun second = fleet.apply();
    System.out.printf(
        "measured: apply of B while A's worker runs a %d s task: %d ms%n%s%n",
        TASK_SECONDS, (System.nanoTime() - applying) / 1_000_000, second.all());
    assertEquals(0, second.exitCode(), second.all());
    String releaseB = liveRelease();
    assertTrue(!releaseA.equals(releaseB), releaseA);
    assertTrue(Files.isDirectory(release(releaseA)), "release A is kept: " + second.all());
    String status = supervisorStatus();
    assertTrue(status.contains("STOPPING"), "release A's worker drains:\n" + status);

    CliRun whileDraining = fleet.apply();
    assertEquals(0, whileDraining.exitCode(), whileDraining.all());
    if (supervisorStatus().contains("STOPPING")) {
      assertTrue(
          Files.isDirectory(release(releaseA)),
          "an apply while A's worker drains keeps A: " + whileDraining.all());
    }

    assertEquals(releaseA + " done", client(client, "get", slow), "the task completed in A");
    Eventually.await(
        Duration.ofSeconds(90),
        "release A's worker has exited",
        () -> !supervisorStatus().contains("STOPPING"));
    CliRun after = fleet.apply();
    assertEquals(0, after.exitCode(), after.all());
    assertFalse(Files.exists(release(releaseA)), "release A is pruned now: " + after.all());
    assertTrue(Files.isDirectory(release(releaseB)));
  }

  private String supervisorStatus() {
    return ServiceHosts.supervisorctl(fleet.hosts().host(0), DEPLOY, "status").text();
  }

  private Path release(String name) {
    return fleet.hosts().host(0).hostDir().resolve("app").resolve("releases/" + name);
  }

  private String liveRelease() throws IOException {
    return Files.readSymbolicLink(fleet.hosts().host(0).hostDir().resolve("app").resolve("current"))
        .getFileName()
        .toString();
  }

  private String client(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "client.py"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("BROKER_URL", redis.url());
    builder.redirectError(dir.resolve("client.err").toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("client " + List.of(args) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "client " + List.of(args) + " failed: " + Files.readString(dir.resolve("client.err")));
    }
    return out.strip();
  }

  private void writeDesiredState(String revision) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: retention}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + DEPLOY,
        "  keepReleases: 1",
        "  env: {BROKER_URL: \"" + redis.url() + "\", C_FORCE_ROOT: \"1\"}",
        "  supervisor: supervisord",
        "  services:",
        "    worker: {celery: {app: tasks, args: [worker, --loglevel=INFO, --concurrency=1]},"
            + " stopTimeout: 60s}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: retention-test}",
        "spec:",
        "  application: retention",
        "  revision: " + revision,
        "  hosts:",
        "  - {host: \"" + fleet.hosts().address(0) + "\", roles: [worker]}",
        fleet.sshYaml(),
        "");
  }
}
