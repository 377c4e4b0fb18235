package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.reconcile.HostReport;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.reconcile.StatusJson;
import dev.capstan.release.ProgressListener;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rollout waves on four real OpenSSH hosts: a canary first, then batches of {@code maxParallel},
 * each wave watched for {@code pause}; a canary that turns unhealthy while watched goes back and no
 * other host switches; {@code maxFailed} counts failed hosts over the whole rollout, an unreachable
 * one among them.
 */
class RolloutWavesTest {

  private static final String MOUNT = "/srv/capstan-waves";

  @RegisterExtension static final Fleet fleet = Fleet.of(4, MOUNT);

  /** One progress line, when it came. */
  private record Line(Instant at, String host, String message) {
    @Override
    public String toString() {
      return at + " " + host + ": " + message;
    }
  }

  @Test
  void aCanaryThatTurnsUnhealthyWhileWatchedGoesBackAndNoOtherHostSwitches() throws Exception {
    String v1 = commitApp("v1", "true");
    writeDesiredState(v1, "{maxParallel: 4}", allHosts());
    assertApplied();
    String before = live(0);

    // Healthy for the switch's own check, failing from 2 s after activation on.
    String bad = commitApp("v2", "test $(( $(date +%s) - $(cat .activated-at) )) -lt 2");
    writeDesiredState(bad, "{maxParallel: 2, canary: 1, pause: 5s, maxFailed: 0}", allHosts());
    List<Line> timeline = new ArrayList<>();
    RolloutReport report = rollOut(timeline);
    print("canary turning unhealthy", timeline);

    assertFalse(report.converged(), report.toString());
    for (int host = 0; host < 4; host++) {
      assertEquals(before, live(host), "host " + host + " is on the release it had");
    }
    assertTrue(activations(0).contains(bad), "the canary did switch");
    for (int host = 1; host < 4; host++) {
      assertFalse(activations(host).contains(bad), "host " + host + " never switched");
    }
    HostReport canary = host(report, 0);
    assertEquals(HostState.RolledBack, canary.state(), canary.toString());
    assertEquals(0, canary.wave());
    assertTrue(canary.verdict().startsWith("rolled back: while watched: "), canary.verdict());
    assertEquals(List.of(1, 1, 2), List.of(wave(report, 1), wave(report, 2), wave(report, 3)));
    for (int host = 1; host < 4; host++) {
      assertEquals("not reached", host(report, host).verdict());
    }
    String json = StatusJson.toJson(StatusJson.observed(report, Instant.now()));
    assertTrue(json.contains("\"wave\" : 0,"), json);
    assertTrue(json.contains("\"verdict\" : \"rolled back: while watched: health check"), json);
    assertTrue(json.contains("\"verdict\" : \"not reached\""), json);
    assertInOrder(
        timeline,
        hostName(0) + ": wave 1/3 (canary): switched",
        "rollout: watching wave 1/3",
        "rollout: wave 1/3 unhealthy after ",
        "rollout: rollout stopped: " + hostName(0) + ": health check",
        hostName(1) + ": not reached",
        "rollout: rolling back what this rollout switched: " + hostName(0),
        hostName(0) + ": rolled back to " + before);
    assertFalse(
        timeline.stream().anyMatch(l -> l.message().startsWith("wave 2/3")), timeline.toString());
  }

  @Test
  void aGoodCommitGoesCanaryThenTwoThenOneWatchedInBetween() throws Exception {
    String v1 = commitApp("v1", "true");
    writeDesiredState(v1, "{maxParallel: 4}", allHosts());
    assertApplied();

    String v2 = commitApp("v2", "test -f .activated-at");
    writeDesiredState(v2, "{maxParallel: 2, canary: 1, pause: 5s, maxFailed: 0}", allHosts());
    CliRun plan = fleet.capstan("plan");
    assertEquals(0, plan.exitCode(), plan.all());
    assertTrue(
        plan.out()
            .contains(
                "\n  waves: 1/3 (canary): "
                    + hostName(0)
                    + "; 2/3: "
                    + hostName(1)
                    + ", "
                    + hostName(2)
                    + "; 3/3: "
                    + hostName(3)
                    + ", each watched for 5 s before the next;"
                    + " more than 0 failed hosts stop the rollout\n"),
        plan.all());
    List<Line> timeline = new ArrayList<>();
    RolloutReport report = rollOut(timeline);
    print("good canary rollout", timeline);

    assertTrue(report.converged(), report.toString());
    String release = live(0);
    for (int host = 0; host < 4; host++) {
      assertEquals(release, live(host));
      assertEquals("healthy", host(report, host).verdict());
    }
    assertEquals(
        List.of(0, 1, 1, 2), List.of(0, 1, 2, 3).stream().map(h -> wave(report, h)).toList());
    Instant canary = at(timeline, hostName(0) + ": wave 1/3 (canary): switched");
    Instant second = at(timeline, hostName(1) + ": wave 2/3: switched");
    Instant third = at(timeline, hostName(3) + ": wave 3/3: switched");
    assertInOrder(
        timeline,
        hostName(0) + ": wave 1/3 (canary): switched",
        "rollout: watching wave 1/3 (1 host switched so far) for 5 s",
        "rollout: wave 1/3 healthy after ",
        hostName(2) + ": wave 2/3: switched",
        "rollout: watching wave 2/3 (3 hosts switched so far) for 5 s",
        "rollout: wave 2/3 healthy after ",
        hostName(3) + ": wave 3/3: switched",
        "rollout: wave 3/3 healthy after ");
    assertTrue(
        Duration.between(canary, second).compareTo(Duration.ofSeconds(5)) >= 0,
        "the canary was watched 5 s before the next wave: " + canary + " .. " + second);
    assertTrue(
        Duration.between(second, third).compareTo(Duration.ofSeconds(5)) >= 0,
        "wave 2 was watched 5 s before the last: " + second + " .. " + third);
  }

  @Test
  void anUnreachableHostAndAFailingOneExceedMaxFailedOneAndStopTheRollout() throws Exception {
    List<String> reachable = List.of(hostName(0), hostName(1), hostName(2));
    String v1 = commitApp("v1", "true");
    writeDesiredState(v1, "{maxParallel: 4}", reachable);
    assertApplied();
    String before = live(0);
    failHealthOn(1);

    String v2 = commitApp("v2", "test ! -f logs/fail-v2");
    String unreachable = "root@127.0.0.1:" + closedPort();
    List<String> hosts = new ArrayList<>(reachable);
    hosts.add(unreachable);
    writeDesiredState(v2, "{maxParallel: 1, maxFailed: 1}", hosts);
    List<Line> timeline = new ArrayList<>();
    RolloutReport report = rollOut(timeline);
    print("maxFailed 1, one unreachable, one failing", timeline);

    assertFalse(report.converged());
    for (int host = 0; host < 3; host++) {
      assertEquals(before, live(host), "host " + host + " is on the release it had");
    }
    assertTrue(activations(0).contains(v2), "the first host switched, then went back");
    assertFalse(activations(2).contains(v2), "the third host was never reached");
    assertEquals("rolled back", host(report, 0).verdict());
    assertTrue(host(report, 1).verdict().startsWith("failed: "), host(report, 1).verdict());
    assertEquals("not reached", host(report, 2).verdict());
    assertEquals(HostState.Unreachable, host(report, 3).state());
    assertTrue(host(report, 3).verdict().startsWith("failed: "), host(report, 3).verdict());
    assertInOrder(
        timeline,
        "rollout: rollout stopped: 2 hosts failed, more than maxFailed 1 allows: " + unreachable);
  }

  @Test
  void oneFailingHostWithinMaxFailedOneLetsTheRolloutGoOn() throws Exception {
    String v1 = commitApp("v1", "true");
    writeDesiredState(v1, "{maxParallel: 4}", allHosts());
    assertApplied();
    String before = live(1);
    failHealthOn(1);

    String v2 = commitApp("v2", "test ! -f logs/fail-v2");
    writeDesiredState(v2, "{maxParallel: 1, maxFailed: 1}", allHosts());
    List<Line> timeline = new ArrayList<>();
    RolloutReport report = rollOut(timeline);
    print("maxFailed 1, one failing", timeline);

    assertEquals(before, live(1), "the failing host went back by itself");
    assertEquals(HostState.RolledBack, host(report, 1).state());
    for (int host : List.of(0, 2, 3)) {
      assertEquals(HostState.Ready, host(report, host).state(), host(report, host).toString());
      assertTrue(activations(host).contains(v2), "host " + host + " switched");
      assertEquals("switched", host(report, host).verdict());
    }
    assertEquals(
        List.of(1, 2, 3, 4), List.of(0, 1, 2, 3).stream().map(h -> wave(report, h)).toList());
  }

  /** Converges once through the engine, recording each progress line with when it came. */
  private RolloutReport rollOut(List<Line> timeline) throws Exception {
    DesiredState state = DesiredStateLoader.load(fleet.yamlFile());
    List<Line> lines = Collections.synchronizedList(timeline);
    ProgressListener recording =
        (host, message) -> lines.add(new Line(Instant.now(), host, message));
    try (Rollout rollout =
        new Rollout(
            new DefaultHostConnector(),
            new MirrorSources(new RepositoryMirrors(fleet.cacheDir())),
            new FileCredentials(),
            Rollout.Settings.defaults("capstan@waves-test"))) {
      return rollout.apply(state, state.environments().get("test"), recording);
    }
  }

  private static void print(String title, List<Line> timeline) {
    Instant start = timeline.isEmpty() ? Instant.now() : timeline.get(0).at();
    System.out.println("--- timeline: " + title);
    synchronized (timeline) {
      for (Line line : timeline) {
        System.out.printf(
            "+%6.2fs %s: %s%n",
            Duration.between(start, line.at()).toMillis() / 1000.0, line.host(), line.message());
      }
    }
  }

  /** Each of {@code expected} starts a line of the timeline, each after the one before. */
  private static void assertInOrder(List<Line> timeline, String... expected) {
    List<String> lines =
        timeline.stream().map(l -> l.host() + ": " + l.message()).collect(Collectors.toList());
    int from = 0;
    for (String prefix : expected) {
      int found = -1;
      for (int i = from; i < lines.size(); i++) {
        if (lines.get(i).startsWith(prefix)) {
          found = i;
          break;
        }
      }
      assertTrue(found >= 0, "no line starting `" + prefix + "` after line " + from + ": " + lines);
      from = found + 1;
    }
  }

  private static Instant at(List<Line> timeline, String prefix) {
    return timeline.stream()
        .filter(l -> (l.host() + ": " + l.message()).startsWith(prefix))
        .map(Line::at)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + ": " + timeline));
  }

  /** The report's host {@code index}, in the order the spec lists them. */
  private static HostReport host(RolloutReport report, int index) {
    return report.hosts().get(index);
  }

  private static Integer wave(RolloutReport report, int index) {
    return host(report, index).wave();
  }

  private void assertApplied() {
    CliRun apply = fleet.apply();
    assertEquals(0, apply.exitCode(), apply.all());
  }

  /** The health check of v2 fails on this host (its shared logs folder holds the marker). */
  private void failHealthOn(int host) throws IOException {
    Files.writeString(fleet.deployDir(host).resolve("shared/logs/fail-v2"), "fail\n");
  }

  private String commitApp(String version, String healthCheck) {
    fleet
        .repo()
        .write("app/version.txt", version + "\n")
        .write("app/health.sh", healthCheck + "\n");
    return fleet.repo().commit(version);
  }

  private List<String> allHosts() {
    return List.of(hostName(0), hostName(1), hostName(2), hostName(3));
  }

  private static String hostName(int index) {
    return hosts().address(index).toString();
  }

  private void writeDesiredState(String revision, String rollout, List<String> targets)
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
        "  activate: [\"date +%s > .activated-at\", \"echo \\\"$CAPSTAN_COMMIT\\\" >> logs/activations\"]",
        "  healthCheck: {command: \"sh health.sh\", timeoutSeconds: 5, retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  hosts: [" + Fleet.yamlList(targets) + "]",
        "  rollout: " + rollout,
        fleet.sshYaml(),
        "");
  }

  private static SshdHosts hosts() {
    return fleet.hosts();
  }

  private String live(int host) throws IOException {
    return Files.readSymbolicLink(fleet.deployDir(host).resolve("current"))
        .getFileName()
        .toString();
  }

  private String activations(int host) throws IOException {
    Path log = fleet.deployDir(host).resolve("shared/logs/activations");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
