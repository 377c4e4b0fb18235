package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.ServiceSpec;
import dev.capstan.model.Supervisor;
import dev.capstan.testing.CeleryTasks;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.RedisServer;
import dev.capstan.testing.RequiredTools;
import dev.capstan.testing.SupervisordTeardown;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Celery worker switched from release A to B with a real broker (redis-server, started here):
 * TERM is Celery's warm shutdown, so a 5 s task started before the switch completes in the old
 * worker, and a task queued during the switch runs in a worker of the new release. Alone: beside
 * the other test JVM on two cores, the new worker has been seen to miss the queued task's minute.
 */
@Tag("alone")
class CeleryWarmRestartTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir Path temp;

  private RedisServer redis;
  private SupervisordDriver driver;
  private final List<Long> seenPids = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    try {
      if (driver != null) {
        SupervisordTeardown.stop(
            SupervisordTeardown.pid(Path.of(SupervisordFiles.pidFile(driver.deployPath()))),
            driver::shutdown,
            seenPids);
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Test
  void aRunningTaskCompletesAndTheNextRunsInTheNewRelease() throws Exception {
    RequiredTools.program("redis-server", "redis-server");
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.pythonModule(PYTHON, "celery", "python3-celery");
    RequiredTools.pythonModule(PYTHON, "redis", "python3-redis");

    redis = RedisServer.start(temp.resolve("redis.log"));

    Path deployPath = Files.createDirectories(temp.resolve("app"));
    String broker = redis.url();
    for (String release : List.of("A", "B")) {
      Path dir = Files.createDirectories(deployPath.resolve("releases/" + release));
      Files.writeString(dir.resolve("tasks.py"), CeleryTasks.source());
      Files.writeString(dir.resolve("client.py"), CLIENT);
    }
    ServiceSpec worker =
        new ServiceSpec(
            "worker",
            new ServiceSpec.Celery(
                "tasks", List.of("worker", "--loglevel=INFO", "--concurrency=1")),
            Map.of("C_FORCE_ROOT", "1"),
            Duration.ofSeconds(60),
            List.of("worker"));
    RuntimeSpec runtime =
        new RuntimeSpec(
            Map.of("BROKER_URL", broker),
            List.of(),
            List.of(),
            List.of(worker),
            Supervisor.SUPERVISORD,
            List.of());
    HostSpec local = new HostSpec(HostAddress.LOCAL_HOST, List.of("worker"), Map.of());
    driver = new SupervisordDriver(new LocalHost(), deployPath.toString(), Duration.ofSeconds(120));

    ServicePlan a = ServicePlan.of(runtime, local, deployPath.toString(), "A", PYTHON.toString());
    driver.roll(a, Duration.ofSeconds(60));
    Eventually.await(
        Duration.ofSeconds(60),
        "the worker runs release A",
        () -> driver.conformance(a).get(0).state() == ServiceState.State.RUNNING);
    Eventually.await(
        Duration.ofSeconds(60),
        "the worker answers",
        () -> client(deployPath, broker, "ping").equals("pong"));
    driver.observe().pids().forEach(p -> seenPids.add(p.pid()));

    String slow = client(deployPath, broker, "submit", "slow", "5");
    Eventually.await(
        Duration.ofSeconds(30),
        "the 5 s task has started",
        () -> client(deployPath, broker, "state", slow).equals("STARTED"));

    long started = System.nanoTime();
    ServicePlan b = ServicePlan.of(runtime, local, deployPath.toString(), "B", PYTHON.toString());
    CompletableFuture<Void> roll =
        CompletableFuture.runAsync(
            () -> {
              try {
                driver.roll(b, Duration.ofSeconds(90));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Eventually.await(
        Duration.ofSeconds(30),
        "the old worker is in its warm shutdown",
        () ->
            roll.isDone()
                || driver.observe().of("worker").stream()
                    .anyMatch(p -> p.state().equals("STOPPING")));
    String queued = client(deployPath, broker, "submit", "which");
    roll.get(120, TimeUnit.SECONDS);
    long rollMillis = (System.nanoTime() - started) / 1_000_000;
    driver.observe().pids().forEach(p -> seenPids.add(p.pid()));

    assertEquals(
        "A done",
        client(deployPath, broker, "get", slow),
        "the task started before the switch completed in the old worker");
    assertEquals(
        "B",
        client(deployPath, broker, "get", queued),
        "the task queued during the switch ran in a worker of the new release");
    assertEquals(ServiceState.State.RUNNING, driver.conformance(b).get(0).state());
    System.out.printf(
        "celery warm restart: switch took %d ms; slow task -> A, queued task -> B%n", rollMillis);
    assertTrue(rollMillis < 60_000, "the switch waited for the task, not for the stop timeout");
  }

  private static String client(Path deployPath, String broker, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "client.py"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(deployPath.resolve("releases/A").toFile())
            .redirectErrorStream(false);
    builder.environment().put("BROKER_URL", broker);
    Process process = builder.start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("client " + List.of(args) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("client " + List.of(args) + " failed: " + err.get());
    }
    return out.strip();
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static final String CLIENT =
      """
      import sys
      from tasks import app
      command = sys.argv[1]
      if command == 'ping':
          replies = app.control.ping(timeout=2.0)
          print('pong' if replies else 'none')
      elif command == 'submit':
          print(app.send_task('tasks.' + sys.argv[2], args=sys.argv[3:]).id)
      elif command == 'state':
          print(app.AsyncResult(sys.argv[2]).state)
      elif command == 'get':
          print(app.AsyncResult(sys.argv[2]).get(timeout=60))
      """;
}
