package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.ExecResult;
import dev.capstan.host.ForwardingRemoteHost;
import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.release.HostDeployer;
import dev.capstan.release.ProgressListener;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What goes wrong, on two real OpenSSH hosts: failing builds, untrusted host keys, unknown
 * revisions, unreachable hosts and concurrent deployers all leave the live release untouched and
 * say why. Each test deploys a tiny app to a deploy path of its own.
 */
class RolloutFailuresTest {

  private static final String MOUNT = "/srv/capstan-failures";

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  @Test
  void failingBuildStepLeavesTheLiveReleaseAndNamesHostStepAndStderr() throws Exception {
    String good = commitApp("v1", "echo built > built.txt");
    writeDesiredState(good, hosts().knownHosts(), List.of(hosts().address(0), hosts().address(1)));
    assertEquals(0, fleet.apply().exitCode());
    String live = liveRelease(0);

    String bad =
        commitApp("v2", "echo 'compiling messages' && echo 'boom: missing msgfmt' >&2 && exit 3");
    writeDesiredState(bad, hosts().knownHosts(), List.of(hosts().address(0), hosts().address(1)));
    CliRun apply = fleet.apply();

    assertEquals(1, apply.exitCode(), apply.all());
    assertTrue(
        apply
            .out()
            .contains(
                "\n  "
                    + hosts().address(0)
                    + ": Failed (BuildFailed) "
                    + live
                    + ": commit "
                    + bad.substring(0, 7)
                    + ": build[0] `sh build-step` exited with status 3:"
                    + " boom: missing msgfmt\n"),
        apply.all());
    assertEquals(live, liveRelease(0));
    assertEquals(live, liveRelease(1));
    assertFalse(
        Files.exists(fleet.deployDir(0).resolve(".capstan/lock")),
        "a failed build gives the lock it took back");
  }

  @Test
  void verboseApplyShowsEachStepsOwnOutput() throws Exception {
    writeDesiredState(
        commitApp("v1", "echo 'compiling messages'; echo 'warning: old msgfmt' >&2"),
        hosts().knownHosts(),
        List.of(hosts().address(0)));

    CliRun quiet = fleet.apply();
    assertEquals(0, quiet.exitCode(), quiet.all());
    assertFalse(quiet.out().contains("compiling messages"), quiet.all());
    String host = "test " + hosts().address(0) + ": ";
    CliRun rebuild = rebuildVerbose();
    assertEquals(0, rebuild.exitCode(), rebuild.all());
    assertTrue(
        rebuild
            .out()
            .contains(
                host
                    + "build[0] `sh build-step` exited with status 0\n"
                    + "    out| compiling messages\n    err| warning: old msgfmt\n"),
        rebuild.all());
    assertTrue(
        rebuild
            .out()
            .contains(
                host
                    + "activate[0] `echo \"$CAPSTAN_COMMIT\" >>"
                    + " logs/activations` exited with status 0"),
        rebuild.all());
  }

  /** A verbose apply of a new commit whose build step prints on both streams. */
  private CliRun rebuildVerbose() throws IOException {
    writeDesiredState(
        commitApp("v2", "echo 'compiling messages'; echo 'warning: old msgfmt' >&2"),
        hosts().knownHosts(),
        List.of(hosts().address(0)));
    return fleet.capstan("apply", "--verbose");
  }

  @Test
  void unknownHostKeyIsRefusedAndNoHostSwitches() throws Exception {
    Path partialKnownHosts = fleet.work().resolve("known_hosts_partial");
    Files.writeString(partialKnownHosts, hosts().host(0).knownHostsLine() + "\n");
    writeDesiredState(
        commitApp("v1", "true"),
        partialKnownHosts,
        List.of(hosts().address(0), hosts().address(1)));

    CliRun apply = fleet.apply();

    assertEquals(1, apply.exitCode(), apply.all());
    assertTrue(apply.out().contains("[127.0.0.1]:" + hosts().host(1).port()), apply.all());
    assertTrue(
        apply.out().contains("SHA256:"), "names the offered key's fingerprint: " + apply.all());
    assertFalse(Files.exists(fleet.deployDir(1)), "nothing ran on the untrusted host");
    assertFalse(Files.exists(fleet.deployDir(0).resolve("current")), "no host switched");
  }

  @Test
  void unknownRevisionIsAClearError() throws Exception {
    commitApp("v1", "true");
    writeDesiredState("no-such-branch", hosts().knownHosts(), List.of(hosts().address(0)));

    CliRun apply = fleet.apply();

    assertEquals(1, apply.exitCode(), apply.all());
    assertTrue(apply.out().contains("no-such-branch"), apply.all());
    assertTrue(
        apply.out().contains(fleet.repo().dir().toString()),
        "names the repository: " + apply.all());
    assertFalse(Files.exists(fleet.deployDir(0)));
  }

  @Test
  void unreachableHostMeansNoHostSwitchesAndStatusNamesIt() throws Exception {
    String unreachable = "root@127.0.0.1:" + closedPort();
    String v1 = commitApp("v1", "true");
    writeDesiredState(v1, hosts().knownHosts(), List.of(hosts().address(0)));
    assertEquals(0, fleet.apply().exitCode());
    String live = liveRelease(0);

    String v2 = commitApp("v2", "true");
    writeDesiredState(v2, hosts().knownHosts(), List.of(hosts().address(0), unreachable));
    CliRun apply = fleet.apply();

    assertEquals(1, apply.exitCode(), apply.all());
    assertEquals(live, liveRelease(0), "the reachable host did not switch");
    CliRun status = fleet.capstan("status", "-o", "json");
    assertTrue(status.out().contains("\"host\" : \"" + unreachable + "\""), status.all());
    assertTrue(status.out().contains("\"state\" : \"Unreachable\""), status.all());
  }

  @Test
  void twoAppliesAtOnceNeverInterleaveStepsOnAHost() throws Exception {
    String slowBuild =
        "echo \"start $$\" >> logs/build.log; sleep 2; echo \"end $$\" >> logs/build.log";
    writeDesiredState(
        commitApp("v1", slowBuild), hosts().knownHosts(), List.of(hosts().address(0)));

    CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> apply("cache-a"));
    CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> apply("cache-b"));
    CliRun a = first.get();
    CliRun b = second.get();

    assertEquals(0, a.exitCode(), a.all());
    assertEquals(0, b.exitCode(), b.all());
    List<String> log = Files.readAllLines(fleet.deployDir(0).resolve("shared/logs/build.log"));
    assertEquals(2, log.size(), "one build, never two interleaved: " + log);
    assertTrue(log.get(0).startsWith("start") && log.get(1).startsWith("end"), log.toString());
    assertTrue(
        (a.out() + b.out()).contains("waiting for the lock held by capstan@"),
        "the second deployer waited:\n" + a.all() + b.all());
    assertFalse(Files.exists(fleet.deployDir(0).resolve(".capstan/lock")), "the lock is released");
  }

  @Test
  void aReleaseNameTakenBetweenObservingAndBuildingIsNeitherOverwrittenNorMarkedFailed()
      throws Exception {
    String commit = commitApp("v1", "true");
    writeDesiredState(commit, hosts().knownHosts(), List.of(hosts().address(0)));
    DesiredState state = DesiredStateLoader.load(fleet.yamlFile());
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    String name = "20261121120000-" + commit.substring(0, 7);
    String othersJson =
        "{\"commit\":\"" + commit + "\",\"recipe\":\"another\"," + "\"state\":\"complete\"}\n";
    Path others = fleet.deployDir(0).resolve("releases/" + name);
    // Another deployer creates the very release name this pass chose, right after it observed.
    HostConnector racing =
        (address, credentials) -> {
          return new ForwardingRemoteHost(new DefaultHostConnector().open(address, credentials)) {
            private boolean observed;

            @Override
            public ExecResult exec(String script, InputStream stdin, Duration timeout)
                throws HostException {
              ExecResult result = super.exec(script, stdin, timeout);
              if (!observed) {
                observed = true;
                try {
                  Files.createDirectories(others.resolve(".capstan"));
                  Files.writeString(others.resolve(".capstan/release.json"), othersJson);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
              return result;
            }
          };
        };
    Rollout.Settings settings =
        new Rollout.Settings(
            "capstan@test",
            Duration.ofSeconds(90),
            Duration.ofSeconds(30),
            HostDeployer.Timeouts.DEFAULT,
            Clock.fixed(now, ZoneOffset.UTC));
    try (Rollout rollout =
        new Rollout(
            racing,
            new MirrorSources(new RepositoryMirrors(fleet.cacheDir())),
            new FileCredentials(),
            settings)) {
      RolloutReport report =
          rollout.apply(state, state.environments().get("test"), ProgressListener.NONE);

      assertTrue(report.converged(), report.toString());
      assertEquals(
          othersJson,
          Files.readString(others.resolve(".capstan/release.json")),
          "the other deployer's release is left as it was");
      assertEquals(
          "20261121120001-" + commit.substring(0, 7),
          liveRelease(0),
          "planned again under the lock: the next free name");
    }
  }

  @Test
  void observeAndADriftCheckCostOneRemoteCommandPerHost() throws Exception {
    writeDesiredState(
        commitApp("v1", "true"),
        hosts().knownHosts(),
        List.of(hosts().address(0), hosts().address(1)));
    DesiredState state = DesiredStateLoader.load(fleet.yamlFile());
    Environment environment = state.environments().get("test");
    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    try (Rollout rollout =
        new Rollout(
            counting,
            new MirrorSources(new RepositoryMirrors(fleet.cacheDir())),
            new FileCredentials(),
            Rollout.Settings.defaults("capstan@test"))) {
      RolloutReport observed = rollout.observe(state, environment);
      assertEquals(HostState.OutOfSync, observed.hosts().get(0).state());
      assertEquals(1, counting.commands(hosts().address(0).toString()));
      assertEquals(1, counting.commands(hosts().address(1).toString()));

      assertTrue(rollout.apply(state, environment, ProgressListener.NONE).converged());
      counting.reset();
      RolloutReport noOp = rollout.apply(state, environment, ProgressListener.NONE);

      assertTrue(noOp.converged() && !noOp.changed());
      assertEquals(
          1, counting.commands(hosts().address(0).toString()), "a no-op apply only observes");
      assertEquals(1, counting.commands(hosts().address(1).toString()));

      counting.reset();
      RolloutReport driftCheck =
          rollout.apply(
              state, environment, ProgressListener.NONE, new Rollout.Options(false, true));
      assertTrue(driftCheck.converged() && !driftCheck.changed(), driftCheck.toString());
      assertEquals(
          1,
          counting.commands(hosts().address(0).toString()),
          "the controller's drift check: the health check rides along with the observation");
      assertEquals(1, counting.commands(hosts().address(1).toString()));
    }
  }

  private String commitApp(String version, String buildStep) {
    fleet.repo().write("app/version.txt", version + "\n").write("app/build-step", buildStep + "\n");
    return fleet.repo().commit(version);
  }

  private CliRun apply(String cache) {
    return CliRun.run(
        "apply",
        "-f",
        fleet.yamlFile().toString(),
        "--cache-dir",
        fleet.work().resolve(cache).toString());
  }

  private void writeDesiredState(String revision, Path knownHosts, List<?> targets)
      throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  keepReleases: 3",
        "  shared: {dirs: [logs]}",
        "  build: [\"sh build-step\"]",
        "  activate: [\"echo \\\"$CAPSTAN_COMMIT\\\" >> logs/activations\"]",
        "  healthCheck: {command: \"test -f version.txt\", timeoutSeconds: 5, retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  hosts: [" + Fleet.yamlList(targets) + "]",
        "  ssh:",
        "    privateKey: {file: " + hosts().privateKey() + "}",
        "    knownHosts: {file: " + knownHosts + "}",
        "");
  }

  private static SshdHosts hosts() {
    return fleet.hosts();
  }

  private String liveRelease(int host) throws IOException {
    return Files.readSymbolicLink(fleet.deployDir(host).resolve("current"))
        .getFileName()
        .toString();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
