package dev.capstan.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.testing.RequiredTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups of a real SQLite database (WAL mode, in use) through the real sqlite3, run locally. */
class SqliteBackupsTest {

  static final String RELEASE = "20261202000000-abcdef1";

  @TempDir Path work;
  private Path deploy;
  private Path db;
  private LocalHost host;
  private HostBackups backups;

  @BeforeEach
  void createDatabase() throws Exception {
    RequiredTools.program("sqlite3", "sqlite3");
    deploy = Files.createDirectories(work.resolve("deploy"));
    db = Files.createDirectories(deploy.resolve("shared/var")).resolve("db.sqlite3");
    sqlite(
        "PRAGMA journal_mode=WAL;"
            + "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT,"
            + " applied TEXT);"
            + "INSERT INTO django_migrations (app, name, applied) VALUES"
            + " ('blog', '0001_initial', 'now'), ('blog', '0002_tags', 'now');"
            + "CREATE TABLE blog_post (id INTEGER PRIMARY KEY, title TEXT);"
            + "INSERT INTO blog_post (title) VALUES ('a'), ('b'), ('c');");
    host = new LocalHost();
    backups = backups(Map.of());
  }

  private HostBackups backups(Map<String, String> env) {
    return new HostBackups(
        host,
        new ReleaseLayout(deploy.toString()),
        BackupDatabase.sqlite("var/db.sqlite3"),
        List.of(),
        env,
        Duration.ofSeconds(60),
        Clock.systemUTC());
  }

  @Test
  void takesAndVerifiesABackupWithMigrationsAndRowCounts() throws Exception {
    long started = System.nanoTime();
    BackupResult result = backups.take(RELEASE, "abcdef1", true);
    System.out.printf("sqlite take+verify: %d ms%n", (System.nanoTime() - started) / 1_000_000);

    assertTrue(result.ok(), result.failure());
    Backup backup = result.backup();
    assertTrue(backup.name().endsWith("-" + RELEASE), backup.name());
    assertEquals(RELEASE, backup.release());
    assertEquals("abcdef1", backup.commit());
    assertEquals("sqlite", backup.engine());
    assertEquals(List.of("blog.0001_initial", "blog.0002_tags"), backup.migrations());
    assertEquals(Map.of("blog_post", 3L, "django_migrations", 2L), backup.rowCounts());
    assertTrue(backup.verifiedOk(), backup.verificationText());
    Path file = deploy.resolve("backups").resolve(backup.file());
    assertEquals(Files.size(file), backup.size());
    assertEquals(64, backup.sha256().length());
    assertEquals(
        backup,
        Backup.parse(Files.readString(deploy.resolve("backups/" + backup.name() + ".json"))));
    try (Stream<Path> files = Files.list(deploy.resolve("backups"))) {
      assertEquals(
          List.of(backup.name() + ".json", backup.name() + ".sqlite3"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temp files left");
    }
  }

  @Test
  void aTruncatedBackupFailsVerificationSayingWhy() throws Exception {
    Backup backup = backups.take(RELEASE, "abcdef1", false).backup();
    assertNotNull(backup);
    Path file = deploy.resolve("backups").resolve(backup.file());
    truncate(file);

    BackupResult result = backups.verify(new BackupName(backup.name()));

    assertFalse(result.ok());
    assertTrue(result.failure().contains("verify backup"), result.failure());
    assertTrue(result.failure().contains("exited with status 51"), result.failure());
    assertTrue(result.failure().contains("sha256"), result.failure());
    assertFalse(result.backup().verifiedOk());
    assertTrue(result.backup().verified().message().contains("truncated"));
  }

  @Test
  void aCorruptBackupWithAMatchingDigestFailsTheRestore() throws Exception {
    Backup backup = backups.take(RELEASE, "abcdef1", false).backup();
    Path file = deploy.resolve("backups").resolve(backup.file());
    truncate(file);
    Testing.rewriteDigest(deploy.resolve("backups/" + backup.name() + ".json"), file);

    BackupResult result = backups.verify(new BackupName(backup.name()));

    assertFalse(result.ok());
    assertTrue(result.failure().contains("exited with status 51"), result.failure());
    assertFalse(result.backup().verifiedOk());
    String message = result.backup().verified().message();
    assertTrue(
        message.contains("integrity_check") || message.contains(".restore"),
        "names the check that failed: " + message);
  }

  @Test
  void restoreBringsBackTheRowsAndBacksUpWhatItReplaces() throws Exception {
    Backup taken = backups.take(RELEASE, "abcdef1", true).backup();
    sqlite("INSERT INTO blog_post (title) VALUES ('d'), ('e');");

    RestoreResult result = backups.restore(new BackupName(taken.name()));

    assertTrue(result.ok(), result.failure());
    assertEquals(taken.name(), result.restored().value());
    assertEquals("3", sqlite("SELECT count(*) FROM blog_post;").strip());
    assertEquals("ok", sqlite("PRAGMA integrity_check;").strip());
    assertEquals(Map.of("blog_post", 5L, "django_migrations", 2L), result.replaced().rowCounts());
    assertTrue(result.replaced().verifiedOk());
    assertTrue(result.replaced().name().endsWith("-manual"));
    assertEquals(
        List.of(result.replaced().name(), taken.name()),
        backups.list().stream().map(Backup::name).toList(),
        "newest first");
  }

  @Test
  void prunesOnlyTheNamedBackups() throws Exception {
    Backup kept = backups.take(RELEASE, "abcdef1", false).backup();
    Backup pruned = backups.take("20261202000001-abcdef2", "abcdef2", false).backup();
    Files.writeString(deploy.resolve("backups/notes.txt"), "mine");

    List<String> deleted = backups.prune(List.of(new BackupName(pruned.name())));

    assertEquals(List.of(pruned.name()), deleted);
    assertEquals(List.of(kept.name()), backups.list().stream().map(Backup::name).toList());
    assertTrue(Files.exists(deploy.resolve("backups/notes.txt")));
    assertThrows(IllegalArgumentException.class, () -> new BackupName("../../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> new BackupName("20261202000000-x y"));
  }

  @Test
  void aDatabaseNotMadeYetIsNothingToBackUp() throws Exception {
    Files.delete(db);

    BackupResult result = backups.take(null, null, true);

    // Before the first migration there is nothing to lose: no backup, and no failure either.
    assertTrue(result.nothingYet(), String.valueOf(result));
    assertEquals(List.of(), backups.list());
  }

  private static void truncate(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
  }

  private String sqlite(String sql) throws Exception {
    Process process =
        new ProcessBuilder("sqlite3", "-bail", db.toString(), sql)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    return out;
  }
}
