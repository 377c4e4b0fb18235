package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.reconcile.Change;
import dev.capstan.reconcile.HostReport;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.release.ProgressListener;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content-addressed virtualenvs on real OpenSSH hosts with real {@code python3 -m venv} and pip:
 * built once per host, reused by code-only releases, rebuilt when they break, pruned when no
 * release links to them, private on request. Also pins the remote command count of a code-only
 * release, so that a regression in round trips shows.
 */
class VirtualenvSharingTest {

  private static final String MOUNT = "/srv/capstan-venvs";

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  @Test
  void aCodeOnlyReleaseReusesTheVirtualenvInFourRemoteCommandsPerHost() throws Exception {
    String first = commit("v1", "Django\n");
    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    try (Rollout rollout = rollout(counting)) {
      RolloutReport deployed = apply(rollout, first, 2);
      assertTrue(deployed.converged(), deployed.toString());
      String key = onlyVirtualenv(0);
      assertTrue(Files.exists(fleet.deployDir(0).resolve("venvs/" + key + "/.capstan-complete")));
      assertEquals(
          "../../venvs/" + key,
          Files.readSymbolicLink(fleet.deployDir(0).resolve("current/venv")).toString());
      assertTrue(changes(deployed, 0).contains("virtualenv built " + key), changes(deployed, 0));
      FileTime builtAt =
          Files.getLastModifiedTime(
              fleet.deployDir(0).resolve("venvs/" + key + "/.capstan-complete"));

      String second = commit("v2", "Django\n");
      counting.reset();
      RolloutReport codeOnly = apply(rollout, second, 2);

      assertTrue(codeOnly.converged(), codeOnly.toString());
      for (int host = 0; host < 2; host++) {
        assertEquals(
            4,
            counting.commands(hosts().address(host).toString()),
            "observe, lock-upload-prepare-build, switch-activate-check, prune-and-unlock");
        assertTrue(
            changes(codeOnly, host).contains("virtualenv reused " + key), changes(codeOnly, host));
        assertEquals(List.of(key), virtualenvs(host), "still one virtualenv");
        assertEquals(
            second, Files.readString(fleet.deployDir(host).resolve("current/REVISION")).strip());
        assertEquals(
            "../../venvs/" + key,
            Files.readSymbolicLink(fleet.deployDir(host).resolve("current/venv")).toString());
      }
      assertEquals(
          builtAt,
          Files.getLastModifiedTime(
              fleet.deployDir(0).resolve("venvs/" + key + "/.capstan-complete")),
          "the virtualenv was not built again");
      assertFalse(
          Files.exists(fleet.deployDir(0).resolve(".capstan/lock")), "the lock was given back");
    }
  }

  @Test
  void changedRequirementsGetANewVirtualenvAndUnlinkedOnesArePruned() throws Exception {
    try (Rollout rollout = rollout(new DefaultHostConnector())) {
      assertTrue(apply(rollout, commit("r1", "Django\n"), 1).converged());
      String oldKey = onlyVirtualenv(0);

      assertTrue(
          apply(rollout, commit("r2", "Django  # pinned by the distribution\n"), 1).converged());
      List<String> both = virtualenvs(0);
      assertEquals(2, both.size(), "the retained release still links the old one: " + both);
      String newKey = both.stream().filter(k -> !k.equals(oldKey)).findFirst().orElseThrow();
      assertEquals(
          "../../venvs/" + newKey,
          Files.readSymbolicLink(fleet.deployDir(0).resolve("current/venv")).toString());

      // keepReleases is 2: two more code-only releases push the last r1 release out.
      assertTrue(
          apply(rollout, commit("r3", "Django  # pinned by the distribution\n"), 1).converged());
      assertEquals(List.of(newKey), virtualenvs(0), "no retained release links the old one");
    }
  }

  @Test
  void aVirtualenvThatLostItsMarkOrItsInterpreterIsRebuilt() throws Exception {
    String commit = commit("d1", "Django\n");
    try (Rollout rollout = rollout(new DefaultHostConnector())) {
      assertTrue(apply(rollout, commit, 1).converged());
      String key = onlyVirtualenv(0);
      Path venv = fleet.deployDir(0).resolve("venvs/" + key);

      Files.delete(venv.resolve(".capstan-complete"));
      RolloutReport repaired = apply(rollout, commit, 1);
      assertTrue(repaired.converged(), repaired.toString());
      assertTrue(changes(repaired, 0).contains("virtualenv of "), changes(repaired, 0));
      assertTrue(Files.exists(venv.resolve(".capstan-complete")), "marked complete again");
      assertEquals(2, activations(0), "the live release was activated again");

      Files.delete(venv.resolve("bin/python"));
      Files.createSymbolicLink(venv.resolve("bin/python"), Path.of("/nonexistent/python3"));
      RolloutReport relinked = apply(rollout, commit, 1);
      assertTrue(relinked.converged(), relinked.toString());
      assertTrue(
          Files.isExecutable(fleet.deployDir(0).resolve("current/venv/bin/python")),
          "the interpreter is reachable again");
      assertTrue(apply(rollout, commit, 1).hosts().get(0).changes().isEmpty(), "now in sync");
    }
  }

  @Test
  void aHalfBuiltVirtualenvIsNeverUsed() throws Exception {
    try (Rollout rollout = rollout(new DefaultHostConnector())) {
      assertTrue(apply(rollout, commit("h1", "Django\n"), 1).converged());
      String key = onlyVirtualenv(0);
      // As if a build died after creating the folder: no completion mark.
      Files.delete(fleet.deployDir(0).resolve("venvs/" + key + "/.capstan-complete"));
      Files.writeString(fleet.deployDir(0).resolve("venvs/" + key + "/leftover"), "half-built");

      RolloutReport next = apply(rollout, commit("h2", "Django\n"), 1);

      assertTrue(next.converged(), next.toString());
      assertTrue(changes(next, 0).contains("virtualenv built " + key), changes(next, 0));
      assertFalse(
          Files.exists(fleet.deployDir(0).resolve("venvs/" + key + "/leftover")),
          "removed and built again from scratch");
    }
  }

  @Test
  void anApplicationCanOptOutOfSharing() throws Exception {
    try (Rollout rollout = rollout(new DefaultHostConnector())) {
      assertTrue(apply(rollout, commit("p1", "Django\n"), 1, false).converged());
      Path venv = fleet.deployDir(0).resolve("current/venv");
      assertTrue(Files.isDirectory(venv) && !Files.isSymbolicLink(venv), "a private virtualenv");
      assertTrue(Files.isExecutable(venv.resolve("bin/python")));
      assertFalse(Files.exists(fleet.deployDir(0).resolve("venvs")));
    }
  }

  private String commit(String version, String requirements) {
    fleet
        .repo()
        .write("app/version.txt", version + "\n")
        .write("app/requirements.txt", requirements);
    return fleet.repo().commit(version);
  }

  private Rollout rollout(dev.capstan.host.HostConnector connector) {
    return new Rollout(
        connector,
        new MirrorSources(new RepositoryMirrors(fleet.work().resolve("cache"))),
        new FileCredentials(),
        Rollout.Settings.defaults("capstan@test"));
  }

  private RolloutReport apply(Rollout rollout, String revision, int hostCount) throws Exception {
    return apply(rollout, revision, hostCount, true);
  }

  private RolloutReport apply(Rollout rollout, String revision, int hostCount, boolean share)
      throws Exception {
    writeDesiredState(revision, hostCount, share);
    DesiredState state = DesiredStateLoader.load(fleet.yamlFile());
    return rollout.apply(state, state.environments().get("test"), ProgressListener.NONE);
  }

  private void writeDesiredState(String revision, int hostCount, boolean shareVirtualenvs)
      throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: pyapp}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  keepReleases: 2",
        "  shared: {dirs: [logs]}",
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt,"
            + " systemSitePackages: true, shareVirtualenvs: "
            + shareVirtualenvs
            + "}",
        "  build: [\"venv/bin/python -c 'import django' > build.txt\"]",
        "  activate: [\"echo \\\"$CAPSTAN_COMMIT\\\" >> logs/activations\"]",
        "  healthCheck: {command: \"venv/bin/python -c 'import django'\", timeoutSeconds: 10,"
            + " retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: pyapp",
        "  revision: " + revision,
        "  hosts: [" + Fleet.yamlList(hosts().addresses().subList(0, hostCount)) + "]",
        fleet.sshYaml(),
        "");
  }

  private static SshdHosts hosts() {
    return fleet.hosts();
  }

  private List<String> virtualenvs(int host) throws IOException {
    try (Stream<Path> entries = Files.list(fleet.deployDir(host).resolve("venvs"))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private String onlyVirtualenv(int host) throws IOException {
    List<String> keys = virtualenvs(host);
    assertEquals(1, keys.size(), "one virtualenv: " + keys);
    assertTrue(keys.get(0).matches("[0-9a-f]{20}"), keys.get(0));
    return keys.get(0);
  }

  private long activations(int host) throws IOException {
    return Files.readAllLines(fleet.deployDir(host).resolve("shared/logs/activations")).size();
  }

  private static String changes(RolloutReport report, int host) {
    HostReport hostReport = report.hosts().get(host);
    return String.join("\n", hostReport.changes().stream().map(Change::text).toList());
  }
}
