package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines of {@code revisions.log}: old and new ones parse, forged ones are skipped. */
class RevisionsLogTest {

  private static final String COMMIT = "3f2a9c1d0e4b5a69788796a5b4c3d2e1f0a9b8c7";
  private static final String RELEASE = "20261121123045-3f2a9c1";

  @TempDir Path deploy;

  @Test
  void fourFieldLinesOfOlderCapstansStillParse() {
    RevisionsLog.Switch line =
        RevisionsLog.parse("2026-11-21T12:30:50Z production " + COMMIT + " " + RELEASE)
            .orElseThrow();
    assertEquals(Instant.parse("2026-11-21T12:30:50Z"), line.at());
    assertEquals("production", line.environment());
    assertEquals(COMMIT, line.commit());
    assertEquals(RELEASE, line.release());
    assertNull(line.by());
    assertNull(line.reason());
  }

  @Test
  void whoAndWhyParseBackFromTheFieldsWritten() {
    SwitchedBy by = new SwitchedBy("controller@box (push)", "checkout \"broken\" \\ again");
    RevisionsLog.Switch line =
        RevisionsLog.parse(
                "2026-11-21T12:30:50Z production "
                    + COMMIT
                    + " "
                    + RELEASE
                    + RevisionsLog.fields(by))
            .orElseThrow();
    assertEquals("controller@box (push)", line.by());
    assertEquals("checkout \"broken\" \\ again", line.reason());
  }

  @Test
  void controlCharactersNeverReachTheLine() {
    String fields = RevisionsLog.fields(new SwitchedBy("a\nb", "x\ty\r\u2028z"));
    assertEquals(" by=\"a b\" reason=\"x y  z\"", fields);
    assertEquals(
        RevisionsLog.MAX_VALUE + 2, RevisionsLog.quote("é".repeat(500)).codePoints().count());
  }

  @Test
  void linesThatAreNotSwitchesAreSkipped() {
    for (String forged :
        List.of(
            "",
            "garbage",
            "yesterday production " + COMMIT + " " + RELEASE,
            "2026-11-21T12:30:50Z production NOTACOMMIT " + RELEASE,
            "2026-11-21T12:30:50Z production " + COMMIT + " ../../etc",
            "2026-11-21T12:30:50Z pro\"duction " + COMMIT + " " + RELEASE)) {
      assertEquals(Optional.empty(), RevisionsLog.parse(forged), forged);
    }
  }

  @Test
  void aMalformedTailKeepsTheSwitchAndWhatParsedBeforeIt() {
    String head = "2026-11-21T12:30:50Z production " + COMMIT + " " + RELEASE;
    assertEquals("me", RevisionsLog.parse(head + " by=\"me\" reason=\"unterminated").get().by());
    assertNull(RevisionsLog.parse(head + " by=\"me\" reason=\"unterminated").get().reason());
    assertNull(RevisionsLog.parse(head + " something else").get().by());
    assertEquals("me", RevisionsLog.parse(head + " future=\"x\" by=\"me\"").get().by());
  }

  @Test
  void theSwitchWritesOneLineWhateverTheReason() throws Exception {
    Path release = deploy.resolve("releases").resolve(RELEASE);
    Files.createDirectories(release.resolve(".capstan"));
    Files.writeString(release.resolve(".capstan/release.json"), "{\"state\":\"complete\"}\n");
    Files.writeString(release.resolve("REVISION"), COMMIT + "\n");
    SwitchedBy by = new SwitchedBy("alice@laptop", "two\nlines\tand \"quotes\" $(id) `id`");
    try (LocalHost host = new LocalHost()) {
      ScriptOutput output =
          RemoteScript.create()
              .call(
                  "capstan_switch",
                  deploy.toString(),
                  ReleaseLayout.currentTarget(RELEASE),
                  RELEASE,
                  "production",
                  RevisionsLog.fields(by))
              .call(
                  "capstan_switch",
                  deploy.toString(),
                  ReleaseLayout.currentTarget(RELEASE),
                  RELEASE,
                  "production",
                  "")
              .run(host, Duration.ofSeconds(30));
      assertTrue(output.succeeded(), output.stderrTail(5));
    }
    List<String> lines = Files.readAllLines(deploy.resolve("revisions.log"));
    assertEquals(2, lines.size(), lines.toString());
    RevisionsLog.Switch first = RevisionsLog.parse(lines.get(0)).orElseThrow();
    assertEquals("alice@laptop", first.by());
    assertEquals("two lines and \"quotes\" $(id) `id`", first.reason());
    RevisionsLog.Switch second = RevisionsLog.parse(lines.get(1)).orElseThrow();
    assertEquals(RELEASE, second.release());
    assertNull(second.by());
  }
}
