package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.model.SharedSpec;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.RemoteScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may take a held lock, on real shell (LocalHost) over a real deploy path: a lock left by a
 * process of this machine that is gone is taken over at once, by one deployer only; a live holder
 * of this machine, or one of another machine before its lease expires, keeps it.
 */
class HostLockTakeoverTest {

  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path work;
  private ReleaseLayout layout;
  private LocalHost host;

  @BeforeEach
  void setUp() throws Exception {
    layout = new ReleaseLayout(Files.createDirectories(work.resolve("deploy")).toString());
    host = new LocalHost();
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  @Test
  void aLockLeftByAProcessOfThisMachineThatIsGoneIsTakenOverAtOnce() throws Exception {
    String dead = deadHolder();
    assertTrue(LockHolder.isAbandoned(dead));
    writeOwner(hostNow() + 3600, dead);

    HostLock.Attempt attempt = lock(LockHolder.forThisProcess()).tryAcquire(SharedSpec.NONE);

    assertTrue(attempt.acquired(), "taken over although its lease runs another hour");
    assertEquals(dead, attempt.tookOverFrom());
    assertEquals(attempt.observed().lock().holder(), owner()[1]);
    assertFalse(dead.equals(owner()[1]));
  }

  @Test
  void aReusedPidIsNotMistakenForTheHolder() throws Exception {
    // This very process, but the holder's start time is an hour earlier: the pid was reused.
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().orElseThrow().toEpochMilli();
    String earlier = LockHolder.onThisMachine(self.pid(), started - 3_600_000);
    writeOwner(hostNow() + 3600, earlier);

    HostLock.Attempt attempt = lock(LockHolder.forThisProcess()).tryAcquire(SharedSpec.NONE);

    assertTrue(attempt.acquired());
    assertEquals(earlier, attempt.tookOverFrom());
  }

  @Test
  void aLiveHolderOfThisMachineIsNeverTakenOver() throws Exception {
    // Another deployer in this very process, and one in another running process.
    HostLock first = lock(LockHolder.forThisProcess());
    assertTrue(first.tryAcquire(SharedSpec.NONE).acquired());
    HostLock second = lock(LockHolder.forThisProcess());
    HostLock.Attempt attempt = second.tryAcquire(SharedSpec.NONE);
    assertFalse(attempt.acquired());
    assertNull(attempt.tookOverFrom());
    assertEquals(first.holder(), owner()[1]);
    first.release();

    Process sleeper = new ProcessBuilder("sleep", "600").start();
    try {
      String live =
          LockHolder.onThisMachine(
              sleeper.pid(), sleeper.info().startInstant().orElseThrow().toEpochMilli());
      assertFalse(LockHolder.isAbandoned(live));
      String line = (hostNow() + 3600) + " " + live;
      writeOwner(line);
      assertFalse(second.tryAcquire(SharedSpec.NONE).acquired());
      assertEquals(line, ownerLine(), "the owner file is untouched");
    } finally {
      sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // Once that process is gone, its lock is taken over.
    assertTrue(second.tryAcquire(SharedSpec.NONE).acquired());
  }

  @Test
  void aHolderOfAnotherMachineKeepsTheLockUntilItsLeaseExpires() throws Exception {
    long now = hostNow();
    HostLock mine = lock(LockHolder.forThisProcess());
    for (String foreign :
        List.of(
            "capstan@elsewhere:0123456789ab-4026531836-0:1:1:abcdef01", // another machine's pid 1
            "capstan-run@thishost:1a2b3c", // a controller, named after its state folder
            "capstan@thishost:4242:1a2b3c4d")) { // an older Capstan's one-shot holder
      String line = (now + 3600) + " " + foreign;
      writeOwner(line);
      HostLock.Attempt attempt = mine.tryAcquire(SharedSpec.NONE);
      assertFalse(attempt.acquired(), foreign);
      assertEquals(foreign, attempt.observed().lock().holder());
      assertEquals(line, ownerLine(), foreign);
    }

    writeOwner((now - 1) + " capstan@elsewhere:0123456789ab-4026531836-0:1:1:abcdef01");
    HostLock.Attempt expired = mine.tryAcquire(SharedSpec.NONE);
    assertTrue(expired.acquired(), "an expired lease is taken over");
    assertNull(expired.tookOverFrom(), "as expired, not as abandoned");
    assertEquals(mine.holder(), owner()[1]);
  }

  @Test
  void ofManyDeployersThatFindTheSameAbandonedLockOnlyOneTakesIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      for (int round = 0; round < 10; round++) {
        writeOwner(hostNow() + 3600, deadHolder());
        List<HostLock> locks = new ArrayList<>();
        List<Callable<HostLock.Attempt>> takers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          HostLock lock = lock(LockHolder.forThisProcess());
          locks.add(lock);
          takers.add(() -> lock.tryAcquire(SharedSpec.NONE));
        }
        List<String> winners = new ArrayList<>();
        List<Future<HostLock.Attempt>> results = pool.invokeAll(takers);
        for (int i = 0; i < results.size(); i++) {
          if (results.get(i).get().acquired()) {
            winners.add(locks.get(i).holder());
          }
        }
        assertEquals(1, winners.size(), "round " + round + ": " + winners);
        assertEquals(winners.get(0), owner()[1]);
        try (var leftovers = Files.list(work.resolve("deploy/.capstan"))) {
          assertEquals(
              List.of("lock"),
              leftovers.map(p -> p.getFileName().toString()).toList(),
              "nothing set aside left");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLeaseRenewedSinceItWasSeenIsNotTakenOver() throws Exception {
    String dead = deadHolder();
    long expiry = hostNow() + 3600;
    writeOwner(expiry, dead);
    String taker = LockHolder.forThisProcess();

    // The taker saw the lease at an earlier expiry: the owner file no longer says that.
    assertFalse(take(taker, expiry - 5, dead), "a lease that changed since is left alone");
    assertEquals(expiry + " " + dead, ownerLine());
    assertTrue(take(taker, expiry, dead));
    assertEquals(taker, owner()[1]);
  }

  @Test
  void aHolderWhoseLockWasTakenOverCanNeitherRenewNorRemoveItsSuccessorsLock() throws Exception {
    HostLock old = lock("capstan@elsewhere:0123456789ab-4026531836-0:1:1:abcdef01");
    assertTrue(old.tryAcquire(SharedSpec.NONE).acquired());
    writeOwner((hostNow() - 1) + " " + old.holder()); // its lease ran out
    HostLock successor = lock(LockHolder.forThisProcess());
    assertTrue(successor.tryAcquire(SharedSpec.NONE).acquired());

    assertFalse(old.renew(), "the lease is another holder's now");
    old.release();
    assertEquals(successor.holder(), owner()[1], "still the successor's");
    assertTrue(successor.renew());
    long expiry = Long.parseLong(owner()[0]);
    assertTrue(expiry >= hostNow() + LEASE.toSeconds() - 2, "renewed for a lease from now");
    successor.release();
    assertFalse(Files.exists(work.resolve("deploy/.capstan/lock")));
  }

  private boolean take(String holder, long expectedExpiry, String expectedHolder) throws Exception {
    return RemoteScript.create()
        .call(
            "capstan_lock_take",
            layout.bookkeepingDir(),
            "20",
            holder,
            String.valueOf(expectedExpiry),
            expectedHolder)
        .run(host, TIMEOUT)
        .has(Protocol.Marker.LOCK_ACQUIRED);
  }

  private HostLock lock(String holder) {
    return new HostLock(host, layout, holder, LEASE);
  }

  /** The holder name of a process of this machine that has exited. */
  private static String deadHolder() throws Exception {
    Process process = new ProcessBuilder("true").start();
    long pid = process.pid();
    Instant started = process.info().startInstant().orElse(Instant.EPOCH);
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    return LockHolder.onThisMachine(pid, started.toEpochMilli());
  }

  private long hostNow() {
    return Instant.now().getEpochSecond();
  }

  private void writeOwner(long expiry, String holder) throws Exception {
    writeOwner(expiry + " " + holder);
  }

  private void writeOwner(String line) throws Exception {
    Path lock = Files.createDirectories(work.resolve("deploy/.capstan/lock"));
    Files.writeString(lock.resolve("owner"), line + "\n", StandardCharsets.UTF_8);
  }

  private String ownerLine() throws Exception {
    return Files.readString(work.resolve("deploy/.capstan/lock/owner")).strip();
  }

  private String[] owner() throws Exception {
    return ownerLine().split(" ", 2);
  }
}
