package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a host picks the release a rollback goes back to ({@code capstan_rollback_pick}), run by the
 * real shell on a real deploy folder: the release live before the current one from {@code
 * revisions.log}, skipping the gone, the incomplete and the excluded commits; the newest complete
 * release of a commit prefix; a named release.
 */
class RollbackPickTest {

  private static final String A = "aaaaaaa" + "0".repeat(33);
  private static final String B = "bbbbbbb" + "0".repeat(33);
  private static final String C = "ccccccc" + "0".repeat(33);
  private static final String RA = "20261201100000-aaaaaaa";
  private static final String RA2 = "20261201100500-aaaaaaa";
  private static final String RB = "20261201110000-bbbbbbb";
  private static final String RC = "20261201120000-ccccccc";

  @TempDir Path deploy;

  @BeforeEach
  void threeReleasesWithCLive() throws Exception {
    release(RA, A, "complete");
    release(RB, B, "complete");
    release(RC, C, "complete");
    Files.writeString(
        deploy.resolve("revisions.log"),
        String.join(
            "\n",
            "2026-12-01T10:00:10Z test " + A + " " + RA,
            "2026-12-01T11:00:10Z test " + B + " " + RB + " by=\"alice@laptop\"",
            "2026-12-01T12:00:10Z test " + C + " " + RC,
            ""));
    Files.createSymbolicLink(deploy.resolve("current"), Path.of("releases/" + RC));
  }

  @Test
  void previousIsTheReleaseLiveBeforeTheCurrentOne() throws Exception {
    assertEquals(List.of(RB, B, RC), pick(RollbackTarget.previous(List.of())));
  }

  @Test
  void previousSkipsExcludedCommitsIncompleteAndGoneReleases() throws Exception {
    assertEquals(List.of(RA, A, RC), pick(RollbackTarget.previous(List.of("bbbbbbb"))));
    release(RB, B, "failed");
    assertEquals(List.of(RA, A, RC), pick(RollbackTarget.previous(List.of())));
    delete(deploy.resolve("releases/" + RA));
    ScriptOutput none = run(RollbackTarget.previous(List.of()));
    assertTrue(none.failure().get().stderrTail().contains("no release live before " + RC));
    assertEquals(Protocol.Exit.NO_ROLLBACK_TARGET.code(), none.failure().get().exitStatus());
  }

  @Test
  void aCommitPrefixPicksItsNewestCompleteRelease() throws Exception {
    release(RA2, A, "complete");
    assertEquals(List.of(RA2, A, RC), pick(RollbackTarget.commit("aaaaaaa")));
    release(RA2, A, "building");
    assertEquals(List.of(RA, A, RC), pick(RollbackTarget.commit(A)));
    ScriptOutput none = run(RollbackTarget.commit("dddddd"));
    assertTrue(none.failure().get().stderrTail().contains("no complete release of commit dddddd"));
  }

  @Test
  void aNamedReleaseMustBeCompleteAndTheLiveOneIsNamedAsLeft() throws Exception {
    assertEquals(List.of(RA, A, RC), pick(RollbackTarget.release(RA)));
    assertEquals(List.of(RC, C, RC), pick(RollbackTarget.release(RC)));
    release(RB, B, "failed");
    assertTrue(
        run(RollbackTarget.release(RB)).failure().get().stderrTail().contains("not complete"));
  }

  private List<String> pick(RollbackTarget target) throws Exception {
    ScriptOutput output = run(target);
    assertTrue(output.succeeded(), output.failure().map(Object::toString).orElse("?"));
    return List.of(output.last(Protocol.Marker.ROLLBACK_TARGET).orElseThrow().strip().split(" "));
  }

  private ScriptOutput run(RollbackTarget target) throws Exception {
    List<String> call = new ArrayList<>(List.of("capstan_rollback_pick", deploy.toString()));
    call.addAll(target.args());
    RemoteScript script = RemoteScript.create().builtin("pick", "pick", call);
    try (LocalHost host = new LocalHost()) {
      return script.run(host, Duration.ofSeconds(30));
    }
  }

  private void release(String name, String commit, String state) throws Exception {
    Path dir = Files.createDirectories(deploy.resolve("releases/" + name + "/.capstan"));
    Files.writeString(
        dir.resolve("release.json"),
        "{\"commit\":\"" + commit + "\",\"state\":\"" + state + "\"}\n");
    Files.writeString(dir.getParent().resolve("REVISION"), commit + "\n");
  }

  private static void delete(Path dir) throws Exception {
    try (var tree = Files.walk(dir)) {
      for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
