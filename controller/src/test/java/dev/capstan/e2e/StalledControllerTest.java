package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FileRuntime;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.ConditionStatus;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.Reason;
import dev.capstan.reconcile.Rollout;
import dev.capstan.release.HostDeployer;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running file-mode controller and what needs a person: a refused host key stalls the Environment
 * (no connection attempts while nothing changes) until known_hosts is fixed, without a restart; a
 * rolled-back commit reads the same in {@code apply}, {@code status} and {@code /status}.
 */
class StalledControllerTest {

  private static final String MOUNT = "/srv/capstan-stall";

  /**
   * How long the stalled controller is watched: the 60 s, in which a 1 s drift interval
   * gives dozens of looks that could have retried; StallTest covers the one-hour cap and the
   * lifting on a change.
   */
  private static final Duration STALLED_FOR = Duration.ofSeconds(60);

  private static final int STALLED_LOOKS = 15;

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRefusedHostKeyIsNotRetriedUntilKnownHostsIsFixed() throws Exception {
    Path knownHosts = fleet.work().resolve("known_hosts_stall");
    Files.writeString(knownHosts, "");
    Path yaml = fleet.work().resolve("stall.yaml");
    Files.writeString(yaml, desiredState(commit("v1", "true"), knownHosts, "true"));
    int before = connections();

    try (FileRuntime runtime = start(yaml, "state-stall")) {
      Eventually.await(
          Duration.ofSeconds(30),
          "status says the host key was refused",
          () -> host(runtime).map(h -> h.reason() == Reason.HostKeyRefused).orElse(false));
      HostStatus refused = host(runtime).orElseThrow();
      assertEquals(HostState.Failed, refused.state());
      assertTrue(
          refused
              .message()
              .startsWith(
                  "host key for [127.0.0.1]:"
                      + fleet.hosts().host(0).port()
                      + " is not in "
                      + knownHosts
                      + " ("),
          refused.message());
      Condition progressing = condition(runtime, Condition.PROGRESSING);
      assertEquals(ConditionStatus.False, progressing.status(), "nothing progresses by itself");
      assertEquals(Reason.HostKeyRefused, progressing.reason());

      double looked = reconciles(runtime);
      long watchedSince = System.nanoTime();
      Eventually.await(
          STALLED_FOR.plusSeconds(30),
          STALLED_FOR.toSeconds() + " s and " + STALLED_LOOKS + " more looks at the Environment",
          () ->
              System.nanoTime() - watchedSince >= STALLED_FOR.toNanos()
                  && reconciles(runtime) >= looked + STALLED_LOOKS);
      int attempts = connections() - before;
      assertTrue(
          attempts >= 1 && attempts <= 2,
          "at most 2 connection attempts in " + STALLED_FOR.toSeconds() + " s: " + attempts);

      Files.writeString(knownHosts, fleet.hosts().host(0).knownHostsLine() + "\n");
      Eventually.await(
          Duration.ofSeconds(30),
          "fixing known_hosts lifts the stall",
          () -> host(runtime).map(h -> h.state() == HostState.Ready).orElse(false));
      assertTrue(Files.isSymbolicLink(fleet.deployDir(0).resolve("current")));
    }
  }

  @Test
  void aRolledBackCommitReadsTheSameInApplyStatusAndTheController() throws Exception {
    Path yaml = fleet.work().resolve("rollback.yaml");
    String health = "grep -qv unhealthy version.txt || exit 7";
    Files.writeString(
        yaml, desiredState(commit("good", "true"), fleet.hosts().knownHosts(), health));
    assertEquals(0, apply(yaml).exitCode());
    String bad = commit("unhealthy", "true");
    Files.writeString(yaml, desiredState(bad, fleet.hosts().knownHosts(), health));

    CliRun apply = apply(yaml);
    JsonNode status =
        new ObjectMapper()
            .readTree(
                CliRun.run("status", "-f", yaml.toString(), "-o", "json", "--cache-dir", cache())
                    .out())
            .at("/environments/0");
    String previous =
        Files.readSymbolicLink(fleet.deployDir(0).resolve("current")).getFileName().toString();
    String message =
        "commit "
            + bad.substring(0, 7)
            + ": health check `"
            + health
            + "` exited with status 7; rolled back to "
            + previous;

    String host = fleet.hosts().address(0).toString();
    assertTrue(
        apply.out().contains("\n  " + host + ": RolledBack " + previous + ": " + message + "\n"),
        apply.all());
    assertEquals(List.of("RolledBack", "RolledBack", message), triple(status.at("/hosts/0")));
    assertEquals(bad, status.at("/hosts/0/failedCommit").asText());
    try (FileRuntime runtime = start(yaml, "state-rollback")) {
      Eventually.await(
          Duration.ofSeconds(30),
          "the controller has looked at the host",
          () -> host(runtime).isPresent());
      JsonNode served = new ObjectMapper().readTree(get(runtime, "/status")).at("/environments/0");
      assertEquals(
          List.of("RolledBack", "RolledBack", message),
          triple(served.at("/hosts/0")),
          served.toString());
      assertEquals(bad, served.at("/failedCommit").asText());
      assertEquals(
          status.at("/hosts/0/commit").asText(),
          served.at("/commit").asText(),
          "commit is what is live: the previous release's");
      Condition progressing = condition(runtime, Condition.PROGRESSING);
      assertEquals(
          ConditionStatus.False, progressing.status(), "waiting for a new revision is no progress");
      assertEquals(Reason.RolledBack, progressing.reason());
    }
  }

  private static List<String> triple(JsonNode host) {
    return List.of(
        host.path("state").asText(), host.path("reason").asText(), host.path("message").asText());
  }

  private FileRuntime start(Path yaml, String state) throws IOException {
    return FileRuntime.start(
        new FileRuntime.Config(
            yaml,
            fleet.work().resolve(state),
            "127.0.0.1:0",
            2,
            null,
            new RepositoryMirrors(fleet.work().resolve("cache")),
            new Rollout.Settings(
                "capstan-test@controller",
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                HostDeployer.Timeouts.DEFAULT,
                Clock.systemUTC()),
            Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2))));
  }

  private static java.util.Optional<HostStatus> host(FileRuntime runtime) {
    return runtime.controller().statuses().stream()
        .map(EnvironmentStatus::hosts)
        .flatMap(List::stream)
        .findFirst();
  }

  private static Condition condition(FileRuntime runtime, String type) {
    return runtime.controller().statuses().get(0).conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private double reconciles(FileRuntime runtime) throws Exception {
    Matcher values =
        Pattern.compile("(?m)^capstan_reconciles_total\\{[^}]*\\} (\\S+)$")
            .matcher(get(runtime, "/metrics"));
    double total = 0;
    while (values.find()) {
      total += Double.parseDouble(values.group(1));
    }
    return total;
  }

  private String get(FileRuntime runtime, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Connections sshd accepted so far (it logs each, at LogLevel VERBOSE). */
  private static int connections() {
    Matcher matcher = Pattern.compile("Connection from ").matcher(fleet.hosts().host(0).log());
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  private static String commit(String version, String build) {
    fleet.repo().write("app/version.txt", version + "\n");
    return fleet.repo().commit(version);
  }

  private static String cache() {
    return fleet.work().resolve("cache").toString();
  }

  private static CliRun apply(Path yaml) {
    return CliRun.run("apply", "-f", yaml.toString(), "--cache-dir", cache());
  }

  private static String desiredState(String revision, Path knownHosts, String health) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  build: [\"true\"]",
        "  healthCheck: {command: \"" + health + "\", timeoutSeconds: 5, retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  driftInterval: 1s",
        "  hosts: [\"" + fleet.hosts().address(0) + "\"]",
        "  ssh:",
        "    privateKey: {file: " + fleet.hosts().privateKey() + "}",
        "    knownHosts: {file: " + knownHosts + "}",
        "");
  }
}
