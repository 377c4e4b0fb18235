package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two hosts in two batches: a commit whose health check fails on the first host leaves a complete,
 * never-live copy of its release on the second. That copy is no good release: lowering {@code
 * keepReleases} afterwards keeps the previous good release on both hosts and drops the copy.
 */
class GoodReleasesRolloutTest {

  private static final String MOUNT = "/srv/capstan-good";

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  @Test
  void aReleaseThatFailedOnTheFirstBatchIsNoGoodReleaseOnTheSecond() throws Exception {
    String c1 = commit("v1", false);
    apply(c1, 4, 0);
    String c2 = commit("v2", false);
    apply(c2, 4, 0);
    String r1 = release(0, c1);
    String r2 = release(0, c2);

    String c3 = commit("v3", true);
    CliRun failed = apply(c3, 4, 1);
    assertTrue(failed.out().contains("health check"), failed.all());
    String r3 = release(1, c3);
    assertEquals(r2, live(0), "the first host rolled back");
    assertEquals(r2, live(1), "the second host was held back");
    assertTrue(
        Files.isDirectory(fleet.deployDir(1).resolve("releases/" + r3)), "built, never live");

    apply(c2, 2, 0);
    assertEquals(
        new TreeSet<>(List.of(r1, r2, r3)),
        new TreeSet<>(releases(0)),
        "the first keeps its failed release to inspect");
    assertEquals(
        new TreeSet<>(List.of(r1, r2)),
        new TreeSet<>(releases(1)),
        "keepReleases 2: the live and the previous good release, not the never-live copy of " + r3);
    assertFalse(Files.exists(fleet.deployDir(1).resolve("releases/" + r3)));
  }

  @Test
  void aFailedCommitIsHeldBackByApplyUntilRetryOrANewCommit() throws Exception {
    String c1 = commit("v1", false);
    apply(c1, 4, 0);
    String good = live(0);
    String c2 = commit("v2", true);
    apply(c2, 4, 1);
    int releases = releases(0).size();

    CliRun again = apply(c2, 4, 1);
    assertTrue(
        again.out().contains("commit " + c2.substring(0, 7) + " is held back")
            && again.out().contains(" at 20")
            && again.out().contains("capstan retry"),
        again.all());
    assertEquals(releases, releases(0).size(), "apply built nothing again: no second outage");
    assertEquals(good, live(0));

    CliRun retry = fleet.capstan("retry");
    assertEquals(1, retry.exitCode(), "still broken: " + retry.all());
    assertTrue(retry.out().contains("health check"), retry.all());
    assertEquals(releases + 1, releases(0).size(), "retry built and tried it once more");
    assertEquals(good, live(0), "and rolled back again");

    String c3 = commit("v3", false);
    apply(c3, 4, 0);
    assertTrue(live(0).endsWith("-" + c3.substring(0, 7)), "a new commit lifts the hold");
  }

  private String commit(String version, boolean broken) {
    fleet.repo().write("app/version.txt", version + "\n");
    if (broken) {
      fleet.repo().write("app/broken", "yes\n");
    } else {
      fleet.repo().delete("app/broken");
    }
    return fleet.repo().commit(version);
  }

  private CliRun apply(String revision, int keepReleases, int expectedExit) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  keepReleases: " + keepReleases,
        "  build: [\"true\"]",
        "  healthCheck: {command: \"test ! -f broken\", timeoutSeconds: 5, retries: 0}",
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
        "  rollout: {maxParallel: 1}",
        fleet.sshYaml(),
        "");
    CliRun run = fleet.apply();
    assertEquals(expectedExit, run.exitCode(), run.all());
    return run;
  }

  private String live(int host) throws IOException {
    return Files.readSymbolicLink(fleet.deployDir(host).resolve("current"))
        .getFileName()
        .toString();
  }

  private List<String> releases(int host) throws IOException {
    try (Stream<Path> folders = Files.list(fleet.deployDir(host).resolve("releases"))) {
      return List.copyOf(
          folders
              .map(p -> p.getFileName().toString())
              .collect(TreeSet::new, TreeSet::add, TreeSet::addAll));
    }
  }

  private String release(int host, String commit) throws IOException {
    return releases(host).stream()
        .filter(r -> r.endsWith("-" + commit.substring(0, 7)))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no release of " + commit + " on host " + host));
  }
}
