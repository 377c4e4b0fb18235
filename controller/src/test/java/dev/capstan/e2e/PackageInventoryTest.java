package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.release.HostPackages;
import dev.capstan.release.PackageIndexLookup;
import dev.capstan.release.PackageInventory;
import dev.capstan.release.PackageSource;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.ReleasePackages;
import dev.capstan.release.StepFailedException;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.PackageIndex;
import dev.capstan.testing.RequiredTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A release's packages on a real OpenSSH host: recorded at build from a virtualenv pip filled from
 * a local PEP 503 index the test serves, read back in one command (unknown for a release built
 * before the record existed), and the index's versions looked up by the host's own python3.
 */
class PackageInventoryTest {

  private static final String MOUNT = "/srv/capstan-packages";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private static PackageIndex index;

  @BeforeAll
  static void serveIndex() throws Exception {
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "ensurepip", "python3-venv");
    index =
        PackageIndex.in(fleet.work().resolve("index"))
            .add("demohelper", "1.0")
            .add("demolib", "1.0.0", "", false, List.of("demohelper>=1"))
            .add("demolib", "1.0.1")
            .add("demolib", "2.0.0")
            .add("demolib", "0.9.0", "", true)
            .serve();
  }

  @AfterAll
  static void stopIndex() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void aBuildRecordsWhatItsVirtualenvInstalledAndTheHostReadsItBackOnce() throws Exception {
    fleet.repo().write("app/requirements.txt", "demolib==1.0.0\n").write("app/version.txt", "1\n");
    String commit = fleet.repo().commit("demolib 1.0.0");
    try (Rollout rollout = rollout()) {
      RolloutReport report = apply(rollout, commit);
      assertTrue(report.converged(), report.toString());
    }
    Path current = fleet.deployDir(0).resolve("current");
    PackageInventory recorded =
        PackageInventory.parse(Files.readString(current.resolve(".capstan/packages.json")));
    assertEquals(
        new PackageInventory.Installed("demolib", "1.0.0", true),
        recorded.find("demolib").orElseThrow(),
        recorded.toString());
    assertEquals(
        new PackageInventory.Installed("demohelper", "1.0", false),
        recorded.find("demohelper").orElseThrow(),
        "pulled in by demolib, not asked for");
    assertTrue(recorded.python().startsWith("3."), recorded.python());
    List<String> names = recorded.packages().stream().map(p -> p.name().toLowerCase()).toList();
    assertEquals(names.stream().sorted().toList(), names, "sorted by name");

    String live = current.toRealPath().getFileName().toString();
    String old = "20200101000000-abcdef0";
    Files.createDirectories(fleet.deployDir(0).resolve("releases/" + old + "/.capstan"));
    CountingConnector counting = new CountingConnector(new DefaultHostConnector());
    HostPackages packages = new HostPackages();
    ReleaseLayout layout = new ReleaseLayout(fleet.deployPath());
    try (RemoteHost host = counting.open(fleet.hosts().address(0), fleet.hosts().credentials())) {
      Map<String, ReleasePackages> read = packages.read(host, layout, List.of(live, old));
      assertEquals(recorded, read.get(live).inventory());
      assertFalse(read.get(old).known(), "built before Capstan recorded packages");
      assertEquals(1, counting.commands(fleet.hosts().address(0).toString()));

      assertEquals(read, packages.read(host, layout, List.of(live, old)));
      assertEquals(
          1, counting.commands(fleet.hosts().address(0).toString()), "read once, then kept");
    }
  }

  @Test
  void theHostLooksUpTheVersionsAnIndexOrAFolderOffers() throws Exception {
    try (RemoteHost host =
        new DefaultHostConnector().open(fleet.hosts().address(0), fleet.hosts().credentials())) {
      Map<String, List<String>> fromIndex =
          PackageIndexLookup.versions(
              host, "python3", PackageSource.url(index.url()), List.of("demolib", "nothere"));
      assertEquals(List.of("1.0.0", "1.0.1", "2.0.0"), fromIndex.get("demolib"), "yanked left out");
      assertEquals(List.of(), fromIndex.get("nothere"), "a 404 is no versions");

      Map<String, List<String>> fromFolder =
          PackageIndexLookup.versions(
              host,
              "python3",
              PackageSource.findLinks(index.files().toString()),
              List.of("DemoLib"));
      assertEquals(List.of("0.9.0", "1.0.0", "1.0.1", "2.0.0"), fromFolder.get("DemoLib"));

      int closed = RequiredTools.freePort();
      StepFailedException unreachable =
          assertThrows(
              StepFailedException.class,
              () ->
                  PackageIndexLookup.versions(
                      host,
                      "python3",
                      PackageSource.url("http://robot:s3cret@127.0.0.1:" + closed + "/simple"),
                      List.of("demolib")));
      String message = unreachable.getMessage();
      assertTrue(
          message.contains("http://127.0.0.1:" + closed + "/simple/demolib/ cannot be reached"),
          message);
      assertFalse(message.contains("s3cret"), message);
      assertFalse(message.contains("robot"), message);
    }
  }

  @Test
  void badNamesAndUrlsNeverReachTheHost() {
    assertThrows(IllegalArgumentException.class, () -> PackageSource.url("file:///etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> PackageSource.findLinks("relative/dir"));
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PackageIndexLookup.versions(
                    null, "python3", PackageSource.url(index.url()), List.of("demo; rm -rf /")));
    assertTrue(bad.getMessage().contains("not a Python package name"), bad.getMessage());
  }

  private Rollout rollout() {
    return new Rollout(
        new DefaultHostConnector(),
        new MirrorSources(new RepositoryMirrors(fleet.work().resolve("cache"))),
        new FileCredentials(),
        Rollout.Settings.defaults("capstan@test"));
  }

  private RolloutReport apply(Rollout rollout, String revision) throws Exception {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: pyapp}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt}",
        "  env: {PIP_INDEX_URL: \"" + index.url() + "\"}",
        "  healthCheck: {command: \"venv/bin/python -c 'import demolib'\", timeoutSeconds: 10,"
            + " retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: pyapp",
        "  revision: " + revision,
        "  hosts: [" + Fleet.yamlList(fleet.hosts().addresses()) + "]",
        fleet.sshYaml(),
        "");
    DesiredState state = DesiredStateLoader.load(fleet.yamlFile());
    return rollout.apply(state, state.environments().get("test"), ProgressListener.NONE);
  }
}
