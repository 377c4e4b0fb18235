package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.PackageIndex;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan upgrade} on a real OpenSSH host, from a PEP 503 index the test serves: demolib
 * 1.0.0 is live and vulnerable (one OSV record, fixed in 1.0.1), 2.0.0 breaks the app's own test. A
 * security upgrade is tested in a scratch virtualenv and pushed on {@code capstan/upgrades}; a full
 * upgrade fails the test and commits nothing; then there is nothing to upgrade. The scratch folder
 * never outlives a run and releases/ is never touched.
 */
class UpgradeTest {

  private static final String MOUNT = "/srv/capstan-upgrade";
  private static final String BRANCH = "refs/heads/capstan/upgrades";
  private static final String TEST_COMMAND = "venv/bin/python check_demolib.py";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private static PackageIndex index;

  @BeforeAll
  static void serveIndex() throws Exception {
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "ensurepip", "python3-venv");
    String works = "def answer():\n    return 42\n";
    index =
        PackageIndex.in(fleet.work().resolve("index"))
            .add("demolib", "1.0.0", works, false)
            .add("demolib", "1.0.1", works, false)
            .add("demolib", "2.0.0", "def answer():\n    return 41\n", false)
            .serve();
    dev.capstan.testing.OsvRecords.write(
        fleet.work().resolve("advisories"),
        "PYSEC-2026-1",
        "CVE-2026-0001",
        "demolib",
        "1.0.1",
        "demolib leaks secrets");
  }

  @AfterAll
  static void stopIndex() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void aSecurityUpgradeIsTestedThenPushedAndABreakingOneCommitsNothing() throws Exception {
    fleet
        .repo()
        .write("app/requirements.txt", "# what the app needs\ndemolib==1.0.0\n")
        .write(
            "app/check_demolib.py",
            "import sys\nimport demolib\n"
                + "sys.exit(0 if demolib.answer() == 42 else"
                + " 'demolib.answer() is %r, not 42' % demolib.answer())\n");
    String main = fleet.repo().commit("the app, on demolib 1.0.0");
    writeDesiredState("main");
    CliRun applied = fleet.apply();
    assertEquals(0, applied.exitCode(), applied.all());
    List<String> releases = releases();

    // A full upgrade goes to 2.0.0, which fails the app's test: nothing is committed.
    CliRun full = timed("upgrade --push (to 2.0.0, test fails)", () -> upgrade("--push"));
    assertEquals(1, full.exitCode(), full.all());
    assertTrue(full.out().contains("demolib 1.0.0 -> 2.0.0"), full.all());
    assertTrue(
        full.out().contains("FAIL test[0] `" + TEST_COMMAND + "` exit status 1"), full.all());
    assertTrue(full.out().contains("demolib.answer() is 41, not 42"), full.all());
    assertTrue(full.out().contains("nothing committed"), full.all());
    assertNull(branchTip(), "no branch created");
    assertScratchGoneAndReleasesUntouched(releases);

    // The security upgrade goes to 1.0.1 only, passes, and is pushed.
    CliRun security =
        timed("upgrade --security-only --push", () -> upgrade("--security-only", "--push"));
    assertEquals(0, security.exitCode(), security.all());
    assertTrue(security.out().contains("ok   test[0] `" + TEST_COMMAND + "`"), security.all());
    RevCommit pushed = branchCommit();
    assertNotNull(pushed, security.all());
    assertTrue(
        security.out().contains("(" + pushed.getName() + ") on capstan/upgrades"), security.all());
    assertEquals(main, pushed.getParent(0).getName(), "created from the commit main runs");
    assertEquals("# what the app needs\ndemolib==1.0.1\n", fileAt(pushed, "app/requirements.txt"));
    String message = pushed.getFullMessage();
    assertTrue(message.startsWith("Upgrade 1 package: demolib 1.0.0 -> 1.0.1\n"), message);
    assertTrue(message.contains("PYSEC-2026-1 (CVE-2026-0001)"), message);
    assertScratchGoneAndReleasesUntouched(releases);

    // main has not moved on from its ancestor: the branch is moved forward, never backwards.
    CliRun again =
        timed(
            "upgrade --security-only --push (again, from main)",
            () -> upgrade("--security-only", "--push"));
    assertEquals(2, again.exitCode(), again.all());
    assertTrue(again.err().contains("not " + main.substring(0, 7)), again.all());
    assertEquals(pushed.getName(), branchTip());

    // Following the upgrades branch, nothing is vulnerable any more.
    writeDesiredState("capstan/upgrades");
    CliRun nothing =
        timed("upgrade --security-only (nothing to do)", () -> upgrade("--security-only"));
    assertEquals(4, nothing.exitCode(), nothing.all());
    assertTrue(nothing.out().contains("nothing to upgrade"), nothing.all());
    assertEquals(pushed.getName(), branchTip());
    assertScratchGoneAndReleasesUntouched(releases);
  }

  @Test
  void withoutPushTheBranchStaysInALocalRepositoryAndWithoutAnIndexItIsRefused() throws Exception {
    fleet
        .repo()
        .write("app/requirements.txt", "demolib==1.0.0\n")
        .write("app/check_demolib.py", "import demolib\n");
    String main = fleet.repo().commit("demolib 1.0.0 again");
    writeDesiredState("main");
    CliRun applied = fleet.apply();
    assertEquals(0, applied.exitCode(), applied.all());
    String before = branchTip();

    CliRun local = timed("upgrade --security-only (local)", () -> upgrade("--security-only"));
    assertEquals(0, local.exitCode(), local.all());
    Path kept = fleet.stateDir().resolve("upgrades/pyapp.git");
    assertTrue(local.out().contains(kept.toString()), local.all());
    assertEquals(before, branchTip(), "the repository itself is untouched");
    try (Repository repository = Git.open(kept.toFile()).getRepository();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(repository.exactRef(BRANCH).getObjectId());
      assertEquals(main, commit.getParent(0).getName());
    }
    assertFalse(Files.exists(fleet.deployDir(0).resolve("upkeep")), "no scratch left");

    fleet.writeDesiredState(
        Files.readString(fleet.yamlFile()).replaceAll("(?s)  upkeep:.*?---", "---"));
    CliRun refused = upgrade("--security-only");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("spec.upkeep.index"), refused.all());
  }

  private CliRun upgrade(String... options) {
    String[] rest =
        Stream.concat(Stream.of("--app", "pyapp"), Stream.of(options)).toArray(String[]::new);
    return fleet.capstanOn("test", "upgrade", rest);
  }

  private static CliRun timed(String what, Supplier<CliRun> run) {
    long start = System.nanoTime();
    CliRun result = run.get();
    System.out.printf(
        "UpgradeTest timing: %-55s exit %d in %6.2f s%n",
        what, result.exitCode(), (System.nanoTime() - start) / 1e9);
    return result;
  }

  private void writeDesiredState(String revision) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: pyapp}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt}",
        "  env: {PIP_INDEX_URL: \"" + index.url() + "\"}",
        "  upkeep:",
        "    index: {url: \"" + index.url() + "\"}",
        "    advisories: {dir: advisories/}",
        "    test: [\"" + TEST_COMMAND + "\"]",
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
  }

  private void assertScratchGoneAndReleasesUntouched(List<String> releases) throws IOException {
    assertFalse(Files.exists(fleet.deployDir(0).resolve("upkeep")), "the scratch folder is gone");
    assertEquals(releases, releases(), "releases/ untouched");
  }

  private List<String> releases() throws IOException {
    try (Stream<Path> list = Files.list(fleet.deployDir(0).resolve("releases"))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String branchTip() throws IOException {
    try (Repository repository = Git.open(fleet.repo().dir().toFile()).getRepository()) {
      Ref ref = repository.exactRef(BRANCH);
      return ref == null ? null : ref.getObjectId().getName();
    }
  }

  private static RevCommit branchCommit() throws IOException {
    try (Repository repository = Git.open(fleet.repo().dir().toFile()).getRepository();
        RevWalk walk = new RevWalk(repository)) {
      Ref ref = repository.exactRef(BRANCH);
      return ref == null ? null : walk.parseCommit(ref.getObjectId());
    }
  }

  private static String fileAt(RevCommit commit, String path) throws IOException {
    try (Repository repository = Git.open(fleet.repo().dir().toFile()).getRepository();
        TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
      ObjectId blob = tree.getObjectId(0);
      return new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
    }
  }
}
