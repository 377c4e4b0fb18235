package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CapstanProcess;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.SshdHosts;
import dev.capstan.testing.TinyApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot {@code capstan apply} (its own JVM, the real jar when it is fresh) SIGKILLed in the
 * middle of a build on a real sshd host leaves its lock behind; the next {@code apply} on this
 * machine sees that its holder's process is gone, takes the lock over at once instead of waiting
 * out the lease, and converges.
 */
class KilledApplyTest {

  private static final String MOUNT = "/srv/capstan-killed-apply";

  /** What the next apply may take, from its start to its exit, JVM start included. */
  private static final Duration CONVERGE_WITHIN = Duration.ofSeconds(15);

  @TempDir Path work;
  private SshdHosts hosts;
  private GitRepo repo;
  private Path yaml;
  private Process first;

  @BeforeEach
  void start() throws IOException {
    hosts = SshdHosts.builder().count(1).bindAt(MOUNT).start();
    repo = GitRepo.init(work.resolve("repo"));
    yaml = work.resolve("capstan.yaml");
  }

  @AfterEach
  void stop() {
    if (first != null) {
      first.destroyForcibly();
    }
    hosts.close();
    repo.close();
  }

  @Test
  void theNextApplyTakesOverTheLockOfAKilledOneAtOnce() throws Exception {
    Path hold = Files.writeString(work.resolve("hold"), "");
    Path pids = work.resolve("step.pids");
    String commit = repo.write("app/version.txt", "v1\n").commit("v1");
    // The step says which processes run it (itself, and the script that runs the steps), then
    // waits while the hold file exists: the kill lands while the host is locked.
    writeDesiredState(
        commit, "echo $$ $PPID > " + pids + "; while [ -f " + hold + " ]; do sleep 0.1; done");

    first =
        CapstanProcess.start(List.of(), apply())
            .redirectOutput(work.resolve("first.out").toFile())
            .redirectError(work.resolve("first.err").toFile())
            .start();
    Eventually.await(
        Duration.ofSeconds(90),
        "the first apply's build step runs",
        () -> Files.exists(pids) && Files.readString(pids).strip().matches("\\d+ \\d+"));
    String owner = Files.readString(deploy().resolve(".capstan/lock/owner")).strip();
    String holder = owner.substring(owner.indexOf(' ') + 1);
    assertTrue(
        holder.startsWith("capstan@") && holder.contains(":" + first.pid() + ":"),
        "the lock names the first apply's process: " + owner);

    first.destroyForcibly(); // SIGKILL
    assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the first apply is gone");
    // sshd does not stop a command whose client vanished: stop the script and its step, as a
    // host reboot or an operator would, so nothing of the first apply runs on any more.
    for (long pid :
        Arrays.stream(Files.readString(pids).strip().split(" "))
            .mapToLong(Long::parseLong)
            .toArray()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      Eventually.await(
          Duration.ofSeconds(10),
          "process " + pid + " of the first apply is gone",
          () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
    assertTrue(Files.exists(deploy().resolve(".capstan/lock/owner")), "the lock was left");
    Files.delete(hold);

    long started = System.nanoTime();
    CapstanProcess.Result second = CapstanProcess.run(work, List.of(), apply());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "measured: apply after a SIGKILLed apply converged in %d ms%n", took.toMillis());

    assertEquals(0, second.exitCode(), second.toString());
    assertTrue(second.stdout().contains("took over the lock left by " + holder), second.toString());
    assertEquals(commit, Files.readString(deploy().resolve("current/REVISION")).strip());
    assertFalse(Files.exists(deploy().resolve(".capstan/lock")), "the lock is given back");
    assertTrue(
        took.compareTo(CONVERGE_WITHIN) < 0,
        "converged in " + took.toMillis() + " ms, not within " + CONVERGE_WITHIN);
  }

  @Test
  void aLockOfAnotherMachineIsWaitedForUntilItsLeaseExpires() throws Exception {
    String commit = repo.write("app/version.txt", "v1\n").commit("v1");
    writeDesiredState(commit, "true");
    String foreign = "capstan@elsewhere:0123456789ab-4026531836-0:4242:1764600000000:abcdef01";
    Path lock = Files.createDirectories(deploy().resolve(".capstan/lock"));
    // Long enough that a slow start (JVM, clone) still reaches the lock before it expires.
    long expiry = Instant.now().getEpochSecond() + 8;
    Files.writeString(lock.resolve("owner"), expiry + " " + foreign + "\n");

    CapstanProcess.Result apply = CapstanProcess.run(work, List.of(), apply());

    assertEquals(0, apply.exitCode(), apply.toString());
    assertTrue(
        apply.stdout().contains("waiting for the lock held by " + foreign), apply.toString());
    assertFalse(apply.stdout().contains("took over"), "not as an abandoned lock: " + apply);
    assertTrue(Instant.now().getEpochSecond() >= expiry, "not before its lease expired");
    assertEquals(commit, Files.readString(deploy().resolve("current/REVISION")).strip());
  }

  private String[] apply() {
    return new String[] {
      "apply", "-f", yaml.toString(), "--cache-dir", work.resolve("cache").toString()
    };
  }

  private void writeDesiredState(String revision, String buildStep) throws IOException {
    Files.writeString(yaml, TinyApp.oneHost(MOUNT, revision, buildStep, hosts));
  }

  private Path deploy() {
    return hosts.host(0).hostDir().resolve("tiny");
  }
}
