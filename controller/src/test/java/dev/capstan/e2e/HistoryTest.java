package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan history} on two real OpenSSH hosts after three deploys by {@code apply}: every
 * release with its commit, subject, state and switches, who switched; and the same with the
 * repository moved away, the subjects coming from the mirror.
 */
class HistoryTest {

  private static final String MOUNT = "/srv/capstan-history";

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  @Test
  void listsTheThreeReleasesOfEveryHostWithTheirSwitchesEvenWithoutTheRepository()
      throws Exception {
    List<String> commits = new ArrayList<>();
    for (String version : List.of("v1", "v2", "v3")) {
      fleet.repo().write("app/version.txt", version + "\n");
      commits.add(fleet.repo().commit("Release " + version));
      writeDesiredState(commits.get(commits.size() - 1));
      CliRun apply = run("apply");
      assertEquals(0, apply.exitCode(), apply.all());
    }

    assertHistory(commits, run("history", "-o", "json"));

    Path repo = fleet.repo().dir();
    Path moved = fleet.work().resolve("repo-moved-away");
    Files.move(repo, moved);
    try {
      assertHistory(commits, run("history", "-o", "json"));
      CliRun table = run("history");
      assertEquals(0, table.exitCode(), table.all());
      assertTrue(table.out().contains("Release v3"), table.all());
      assertTrue(table.out().contains(commits.get(0).substring(0, 7)), table.all());
    } finally {
      Files.move(moved, repo);
    }
  }

  private void assertHistory(List<String> commits, CliRun history) throws Exception {
    assertEquals(0, history.exitCode(), history.all());
    JsonNode environment = new ObjectMapper().readTree(history.out()).path("environments").get(0);
    assertEquals("test", environment.path("name").asText(), history.out());
    JsonNode hosts = environment.path("hosts");
    assertEquals(2, hosts.size(), history.out());
    String me = System.getProperty("user.name") + "@" + InetAddress.getLocalHost().getHostName();
    for (JsonNode host : hosts) {
      assertTrue(host.path("error").isNull(), history.out());
      JsonNode releases = host.path("releases");
      assertEquals(3, releases.size(), history.out());
      for (int i = 0; i < 3; i++) {
        JsonNode release = releases.get(i);
        int version = 3 - i;
        assertEquals(commits.get(version - 1), release.path("commit").asText(), history.out());
        assertEquals("Release v" + version, release.path("subject").asText(), history.out());
        assertEquals("complete", release.path("state").asText());
        assertEquals(i == 0, release.path("live").asBoolean());
        assertEquals(me, release.path("switchedBy").asText(), history.out());
        assertFalse(release.path("builtAt").isNull());
        Instant to = Instant.parse(release.path("switchedAt").asText());
        if (i > 0) {
          Instant from = Instant.parse(release.path("switchedAwayAt").asText());
          assertFalse(from.isBefore(to), history.out());
          assertEquals(
              releases.get(i - 1).path("switchedAt").asText(),
              release.path("switchedAwayAt").asText());
        } else {
          assertTrue(release.path("switchedAwayAt").isNull());
        }
      }
    }
  }

  private CliRun run(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command, "-f", fleet.yamlFile().toString()));
    args.addAll(List.of("--cache-dir", fleet.work().resolve("cache").toString()));
    if (command.equals("history")) {
      args.addAll(List.of("--env", "test"));
    }
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private void writeDesiredState(String revision) throws Exception {
    Files.writeString(
        fleet.yamlFile(),
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: tiny}",
            "spec:",
            "  repository: {url: repo, subPath: app}",
            "  deployPath: " + fleet.deployPath(),
            "  keepReleases: 5",
            "  healthCheck: {command: \"test -f version.txt\", timeoutSeconds: 5, retries: 0}",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: test}",
            "spec:",
            "  application: tiny",
            "  revision: " + revision,
            "  hosts: ["
                + Fleet.yamlList(List.of(fleet.hosts().address(0), fleet.hosts().address(1)))
                + "]",
            fleet.sshYaml(),
            ""));
  }
}
