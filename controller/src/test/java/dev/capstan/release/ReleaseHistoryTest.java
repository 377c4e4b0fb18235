package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.release.ReleaseHistory.Entry;
import dev.capstan.release.ReleaseHistory.HostHistory;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's releases and switches, read in one command from a real deploy path and parsed. */
class ReleaseHistoryTest {

  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String C = "c".repeat(40);
  private static final String RA = "20261121100000-aaaaaaa";
  private static final String RB = "20261121110000-bbbbbbb";
  private static final String RC = "20261121120000-ccccccc";
  private static final String GONE = "20261120090000-ddddddd";

  @TempDir Path deploy;

  @Test
  void releasesNewestFirstWithTheirSwitchesWhoAndWhy() throws Exception {
    release(RA, A, "complete", "2026-11-21T10:00:40Z");
    release(RB, B, "complete", "2026-11-21T11:00:40Z");
    release(RC, C, "failed", "2026-11-21T12:00:40Z");
    Files.createSymbolicLink(deploy.resolve("current"), Path.of("releases/" + RB));
    Files.writeString(
        deploy.resolve("revisions.log"),
        String.join(
            "\n",
            "2026-11-20T09:01:00Z prod " + "d".repeat(40) + " " + GONE,
            "2026-11-21T10:01:00Z prod " + A + " " + RA,
            "2026-11-21T11:01:00Z prod " + B + " " + RB + " by=\"alice@laptop\"",
            "\u001b[31m forged " + "x".repeat(5000),
            "2026-11-21T12:01:00Z prod " + C + " " + RC + " by=\"controller@box (push)\"",
            "2026-11-21T12:02:00Z prod "
                + B
                + " "
                + RB
                + " by=\"controller@box (push)\" reason=\"rolled back: "
                + RC
                + " failed\""));

    HostHistory history = read();

    assertNull(history.error());
    assertEquals(
        List.of(RC, RB, RA, GONE), history.releases().stream().map(Entry::release).toList());
    Entry c = history.releases().get(0);
    assertEquals("failed", c.state());
    assertFalse(c.live());
    assertEquals(Instant.parse("2026-11-21T12:01:00Z"), c.switchedAt());
    assertEquals(Instant.parse("2026-11-21T12:02:00Z"), c.switchedAwayAt());
    assertEquals(Instant.parse("2026-11-21T12:00:40Z"), c.builtAt());
    Entry b = history.releases().get(1);
    assertTrue(b.live());
    assertEquals(B, b.commit());
    assertEquals(Instant.parse("2026-11-21T12:02:00Z"), b.switchedAt());
    assertNull(b.switchedAwayAt());
    assertEquals("controller@box (push)", b.switchedBy());
    assertEquals("rolled back: " + RC + " failed", b.reason());
    Entry a = history.releases().get(2);
    assertNull(a.switchedBy());
    assertEquals(Instant.parse("2026-11-21T11:01:00Z"), a.switchedAwayAt());
    Entry gone = history.releases().get(3);
    assertEquals(ReleaseHistory.REMOVED, gone.state());
    assertEquals("d".repeat(40), gone.commit());
    assertEquals(Instant.parse("2026-11-20T09:00:00Z"), gone.builtAt());

    HostHistory named = history.withSubjects(Map.of(B, "Fix checkout"));
    assertEquals("Fix checkout", named.releases().get(1).subject());
    assertNull(named.releases().get(0).subject());
  }

  @Test
  void aDeployPathNeverDeployedHasNoHistory() throws Exception {
    assertEquals(List.of(), read().releases());
  }

  @Test
  void aReleaseWithoutReleaseJsonIsUnknownAndFoldersNotNamedAsReleasesAreLeftOut()
      throws Exception {
    Files.createDirectories(deploy.resolve("releases").resolve(RA));
    Files.createDirectories(deploy.resolve("releases").resolve("not-a-release"));
    List<Entry> releases = read().releases();
    assertEquals(1, releases.size());
    assertEquals("unknown", releases.get(0).state());
    assertEquals(Instant.parse("2026-11-21T10:00:00Z"), releases.get(0).builtAt());
  }

  private HostHistory read() throws Exception {
    try (LocalHost host = new LocalHost()) {
      ScriptOutput output =
          RemoteScript.create()
              .append(ReleaseHistory.fragment(new ReleaseLayout(deploy.toString())))
              .run(host, Duration.ofSeconds(30));
      assertTrue(output.succeeded(), output.stderrTail(5));
      return ReleaseHistory.parse("local", output);
    }
  }

  private void release(String name, String commit, String state, String updated) throws Exception {
    Path dir = deploy.resolve("releases").resolve(name).resolve(".capstan");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("release.json"),
        "{\"commit\":\""
            + commit
            + "\",\"recipe\":\"r\",\"state\":\""
            + state
            + "\",\"updated\":\""
            + updated
            + "\"}\n");
  }
}
