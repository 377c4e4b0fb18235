package dev.capstan.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which backups retention deletes: given these backups, this keep and these releases, these. */
class BackupRetentionTest {

  private static final Set<String> ONE = Set.of("blog.0001_initial");
  private static final Set<String> TWO = Set.of("blog.0001_initial", "blog.0002_tags");
  private static final Set<String> THREE =
      Set.of("blog.0001_initial", "blog.0002_tags", "blog.0003_slug");

  /** Backups newest first: name suffix (seconds), migrations, verified. */
  private static final List<Backup> BACKUPS =
      List.of(
          backup(6, THREE, true),
          backup(5, THREE, true),
          backup(4, TWO, false),
          backup(3, TWO, true),
          backup(2, TWO, true),
          backup(1, ONE, true));

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("keep 2, no release needs one", 2, List.of(), List.of(4, 3, 2, 1)),
        Arguments.of("keep more than there are", 10, List.of(), List.of()),
        Arguments.of(
            "a release knowing two migrations keeps the newest verified with exactly those",
            2,
            List.of(TWO),
            List.of(4, 2, 1)),
        Arguments.of(
            "the oldest release's backup is kept too", 1, List.of(TWO, ONE), List.of(5, 4, 2)),
        Arguments.of(
            "a release whose migrations no backup has keeps nothing more",
            1,
            List.of(Set.of("blog.0009_x")),
            List.of(5, 4, 3, 2, 1)),
        Arguments.of(
            "the live release's migrations are among the newest anyway",
            2,
            List.of(THREE),
            List.of(4, 3, 2, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deletes(String why, int keep, List<Set<String>> releases, List<Integer> deleted) {
    assertEquals(
        deleted.stream().map(BackupRetentionTest::name).toList(),
        BackupRetention.toDelete(BACKUPS, keep, releases).stream().map(BackupName::value).toList());
  }

  @Test
  void anUnverifiedMatchIsKeptWhenNoVerifiedOneMatches() {
    List<Backup> backups = List.of(backup(2, THREE, true), backup(1, TWO, false));

    assertEquals(List.of(), BackupRetention.toDelete(backups, 1, List.of(TWO)));
  }

  @Test
  void keepsAtLeastOne() {
    assertThrows(
        IllegalArgumentException.class, () -> BackupRetention.toDelete(BACKUPS, 0, List.of()));
  }

  private static Backup backup(int second, Set<String> migrations, boolean verified) {
    return new Backup(
        name(second),
        name(second) + ".dump",
        "postgresql",
        "2026-12-02T00:00:0" + second + "Z",
        "",
        "",
        10,
        "0".repeat(64),
        migrations.stream().sorted().toList(),
        Map.of(),
        new Verification(verified, "2026-12-02T00:00:00Z", verified ? "ok" : "failed"));
  }

  private static String name(int second) {
    return "2026120200000" + second + "-manual";
  }
}
