package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.LocalHost;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.SharedSpec;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.release.HostDeployer;
import dev.capstan.release.HostLock;
import dev.capstan.release.LockHolder;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lease heartbeat on a real sshd host: a build step that runs for several lease lengths keeps
 * its lock (renewed, never lapsed, never taken by another deployer), and what a renewal costs, in
 * remote commands and in time.
 */
class LeaseRenewalTest {

  private static final String MOUNT = "/srv/capstan-lease";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  @Test
  void aBuildStepLongerThanTheLeaseKeepsItsLock() throws Exception {
    Duration lease = Duration.ofSeconds(2); // renewed every 500 ms
    Path hold = Files.writeString(fleet.work().resolve("hold"), "");
    Path started = fleet.work().resolve("started");
    writeDesiredState(
        commitApp("v1"), "touch " + started + "; while [ -f " + hold + " ]; do sleep 0.1; done");
    DesiredState state = DesiredStateLoader.load(fleet.yamlFile());
    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    Rollout.Settings settings =
        new Rollout.Settings(
            LockHolder.forThisProcess(),
            lease,
            Duration.ofSeconds(30),
            HostDeployer.Timeouts.DEFAULT,
            Clock.systemUTC());
    Path owner = fleet.deployDir(0).resolve(".capstan/lock/owner");
    try (Rollout rollout =
        new Rollout(
            counting,
            new MirrorSources(new RepositoryMirrors(fleet.work().resolve("cache"))),
            new FileCredentials(),
            settings)) {
      CompletableFuture<RolloutReport> applying =
          CompletableFuture.supplyAsync(
              () -> rollout.apply(state, state.environments().get("test"), ProgressListener.NONE));
      Eventually.await(Duration.ofSeconds(60), "the build step runs", () -> Files.exists(started));
      String host = fleet.hosts().address(0).toString();
      int before = counting.commands(host);
      long heldSince = System.nanoTime();

      // Four lease lengths: the expiry keeps moving and never falls behind the clock.
      Set<Long> expiries = new TreeSet<>();
      Eventually.await(
          Duration.ofSeconds(30),
          "the expiry moved on 8 times",
          () -> {
            long expiry = Long.parseLong(Files.readString(owner).split(" ")[0]);
            assertTrue(expiry >= Instant.now().getEpochSecond(), "the lease never lapses");
            expiries.add(expiry);
            return expiries.size() > 8;
          });
      // Nor does another deployer of this machine get it (the holder lives).
      try (LocalHost local = new LocalHost()) {
        HostLock other =
            new HostLock(
                local,
                new ReleaseLayout(fleet.deployDir(0).toString()),
                LockHolder.forThisProcess(),
                lease);
        assertFalse(other.tryAcquire(SharedSpec.NONE).acquired());
      }
      double seconds = (System.nanoTime() - heldSince) / 1e9;
      int renewals = counting.commands(host) - before;
      System.out.printf(
          "measured: %d renewals in %.1f s of a %d s lease (%.2f per second)%n",
          renewals, seconds, lease.toSeconds(), renewals / seconds);
      assertTrue(renewals <= Math.ceil(seconds / 0.5) + 1, "one renewal per quarter lease");

      Files.delete(hold);
      RolloutReport report = applying.get(60, TimeUnit.SECONDS);
      assertTrue(report.converged(), report.toString());
      assertFalse(Files.exists(owner.getParent()), "the lock is given back");
    }
  }

  @Test
  void aRenewalIsOneShortRemoteCommand() throws Exception {
    Files.createDirectories(fleet.deployDir(0));
    try (RemoteHost host =
        new DefaultHostConnector().open(fleet.hosts().address(0), fleet.hosts().credentials())) {
      HostLock lock =
          new HostLock(
              host,
              new ReleaseLayout(fleet.deployPath()),
              LockHolder.forThisProcess(),
              Duration.ofSeconds(20));
      assertTrue(lock.tryAcquire(SharedSpec.NONE).acquired());
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        long start = System.nanoTime();
        assertTrue(lock.renew());
        micros.add((System.nanoTime() - start) / 1000);
      }
      lock.release();
      Collections.sort(micros);
      System.out.printf(
          "measured: lock renewal over SSH: median %.1f ms, max %.1f ms%n",
          micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
      assertEquals(30, micros.size());
    }
  }

  private static String commitApp(String version) {
    return fleet.repo().write("app/version.txt", version + "\n").commit(version);
  }

  private static void writeDesiredState(String revision, String buildStep) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  build: [\"" + buildStep.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  hosts: [" + Fleet.yamlList(List.of(fleet.hosts().address(0))) + "]",
        fleet.sshYaml(),
        "");
  }
}
