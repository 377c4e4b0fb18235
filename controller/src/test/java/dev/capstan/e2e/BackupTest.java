package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.file.FileRuntime;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.DjangoBlog;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Database backups of a real Django app (SQLite under {@code shared/}, gunicorn under supervisord)
 * on a real OpenSSH host: a migration waits for a backup that verified; a truncated backup fails
 * verification and then no migration runs; retention keeps {@code keep} plus what a retained
 * release's rollback needs; {@code restore} brings the rows back, with the services, and backs up
 * what it replaced. A PostgreSQL database that cannot be reached stops the rollout before migrate.
 */
class BackupTest {

  private static final String MOUNT = "/srv/capstan-bk";
  private static final String DB = "var/blog.sqlite3";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  // Short, one per test: the supervisor socket under it must fit a socket address (107 bytes).
  private String deploy;

  /** Each test its own deploy folder, named short: a0, a1, … in the order they run. */
  private static final java.util.concurrent.atomic.AtomicInteger TESTS =
      new java.util.concurrent.atomic.AtomicInteger();

  @org.junit.jupiter.api.BeforeEach
  void deployFolder() {
    deploy = MOUNT + "/a" + TESTS.getAndIncrement();
  }

  @AfterEach
  void stopServices() throws Exception {
    ServiceHosts.shutdown(fleet.hosts().host(0), deploy);
  }

  @Test
  void aMigrationWaitsForAVerifiedBackupAndRestoreBringsTheRowsBack() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("sqlite3", "sqlite3");
    int port = RequiredTools.freePort();
    Path fakeBin = truncatingSqlite3();
    writeDesiredState(port, sqliteBackup(2), "/usr/local/bin:/usr/bin:/bin");
    commit(1);
    CliRun first = capstan("apply");
    assertEquals(0, first.exitCode(), first.all());
    assertTrue(first.out().contains("no database yet: nothing to back up"), first.all());
    sql("INSERT INTO blog_post (title) VALUES ('one'), ('two');");
    assertEquals("posts=2", get(port));

    String second = commit(2);
    CliRun migrated = capstan("apply");
    assertEquals(0, migrated.exitCode(), migrated.all());
    assertTrue(migrated.out().contains("taken and verified"), migrated.all());
    JsonNode before = backups().get(0);
    assertEquals(List.of("blog.0001_initial"), strings(before.path("migrations")));
    assertEquals(2, before.at("/rowCounts/blog_post").asInt(), before.toString());
    assertTrue(before.at("/verified/ok").asBoolean(), before.toString());
    assertTrue(before.path("release").asText().endsWith(second.substring(0, 7)), before.toString());
    assertTrue(
        migrated.out().indexOf("taken and verified") < migrated.out().indexOf(": migrating in"),
        "the backup comes before migrate: " + migrated.out());

    // keep: 2 over five more: the two newest, plus the one release 1's rollback needs.
    List<String> manual = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nextSecond(); // backup names have a second's resolution
      CliRun backup = capstan("backup");
      assertEquals(0, backup.exitCode(), backup.all());
      manual.add(backups().get(0).path("name").asText());
    }
    List<String> kept = backups().findValuesAsText("name");
    assertEquals(
        List.of(manual.get(4), manual.get(3), before.path("name").asText()), kept, kept.toString());

    // A backup that does not restore is no backup: it fails, and then nothing migrates.
    writeDesiredState(port, sqliteBackup(2), fakeBin + ":/usr/local/bin:/usr/bin:/bin");
    nextSecond();
    CliRun truncated = capstan("backup");
    assertEquals(1, truncated.exitCode(), truncated.all());
    assertTrue(truncated.out().contains("no verified backup"), truncated.all());
    JsonNode unverified = backups().get(0);
    assertFalse(unverified.at("/verified/ok").asBoolean(true), unverified.toString());
    String third = commit(3);
    CliRun refused = capstan("apply");
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.out().contains("no migration without a verified backup"), refused.all());
    assertEquals(second, liveCommit(), "the live release keeps serving");
    assertEquals("posts=2", get(port));
    assertFalse(
        sql("SELECT name FROM django_migrations;").contains("0003_fill"), "nothing migrated");

    // Restore the backup taken before migrate, with rows added since.
    writeDesiredState(port, sqliteBackup(2), "/usr/local/bin:/usr/bin:/bin");
    sql("INSERT INTO blog_post (title, subtitle) VALUES ('three', ''), ('four', '');");
    assertEquals("posts=4", get(port));
    assertEquals(2, capstan("restore", manual.get(4)).exitCode(), "restore asks for --yes");
    long started = System.nanoTime();
    CliRun restored = capstan("restore", manual.get(4), "--yes");
    System.out.printf(
        "restore (stop services, back up the live database, restore, start): %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    assertEquals(0, restored.exitCode(), restored.all());
    assertEquals("posts=2", get(port), "the rows of the backup, the services back");
    JsonNode replaced =
        backups().findValues("rowCounts").stream()
            .filter(r -> r.path("blog_post").asInt() == 4)
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no backup of the replaced data: " + restored.all()));
    assertEquals(4, replaced.path("blog_post").asInt());
    assertFalse(third.isEmpty());
  }

  @Test
  void theDjangoSettingsNameTheDatabaseToBackUpAndRestore() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("sqlite3", "sqlite3");
    int port = RequiredTools.freePort();
    writeDesiredState(
        port, "  backup: {database: {engine: django}}", "/usr/local/bin:/usr/bin:/bin");
    commit(1);
    CliRun first = capstan("apply");
    assertEquals(0, first.exitCode(), first.all());
    assertTrue(first.out().contains("no database yet: nothing to back up"), first.all());
    sql("INSERT INTO blog_post (title) VALUES ('one'), ('two');");

    commit(2);
    CliRun migrated = capstan("apply");
    assertEquals(0, migrated.exitCode(), migrated.all());
    assertTrue(migrated.out().contains("taken and verified"), migrated.all());
    JsonNode taken = backups().get(0);
    assertEquals("sqlite", taken.path("engine").asText(), "the settings' ENGINE: " + taken);
    assertEquals(2, taken.at("/rowCounts/blog_post").asInt(), taken.toString());
    assertTrue(taken.at("/verified/ok").asBoolean(), taken.toString());

    sql("INSERT INTO blog_post (title, subtitle) VALUES ('three', '');");
    assertEquals("posts=3", get(port));
    CliRun restored = capstan("restore", taken.path("name").asText(), "--yes");
    assertEquals(0, restored.exitCode(), restored.all());
    assertEquals("posts=2", get(port), "the settings' database holds the backup's rows again");
  }

  @Test
  void anUnreachablePostgresqlStopsTheRolloutBeforeMigrate() throws Exception {
    int port = RequiredTools.freePort();
    Path url = fleet.work().resolve("db-url");
    Files.writeString(url, "postgresql://blog:s3cret-pw@127.0.0.1:1/blog\n");
    writeDesiredState(
        port,
        "  backup: {database: {engine: postgresql, url: {file: " + url + "}}}",
        "/usr/local/bin:/usr/bin:/bin");
    commit(1);
    CliRun apply = capstan("apply");
    assertEquals(1, apply.exitCode(), apply.all());
    assertTrue(apply.all().contains("no migration without a verified backup"), apply.all());
    assertFalse(apply.all().contains("s3cret-pw"), "the URL's password is never shown");
    assertFalse(
        Files.exists(fleet.hosts().host(0).hostDir().resolve(deployName() + "/current")),
        "no host switched");
  }

  @Test
  void aScheduledBackupUnderTheControllerHappensAtItsMinute() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    int port = RequiredTools.freePort();
    writeDesiredState(
        port,
        "  backup: {database: {engine: sqlite, path: " + DB + "}, schedule: \"* * * * *\"}",
        "/usr/local/bin:/usr/bin:/bin");
    commit(1);
    try (FileRuntime runtime = FileRuntime.start(fleet.controllerConfig())) {
      Eventually.await(
          Duration.ofSeconds(150), "a backup taken by the schedule", () -> !backups().isEmpty());
      JsonNode taken = backups().get(0);
      int second = Instant.parse(taken.path("takenAt").asText()).atZone(ZoneOffset.UTC).getSecond();
      assertTrue(second < 20, "taken at its minute, not later: " + taken);
      assertTrue(taken.at("/verified/ok").asBoolean(), taken.toString());
      Eventually.await(
          Duration.ofSeconds(10),
          "the controller's status shows it",
          () ->
              Files.readString(runtime.stateDir().resolve("test.json"))
                  .contains(taken.path("name").asText()));
    }
  }

  /**
   * A sqlite3 that truncates the file a {@code .restore} reads, in the middle of verifying it: the
   * backup a disk error or an interrupted copy would leave.
   */
  private Path truncatingSqlite3() throws IOException {
    Path bin = Files.createDirectories(fleet.work().resolve("fakebin"));
    Path sqlite3 = bin.resolve("sqlite3");
    Files.writeString(
        sqlite3,
        String.join(
            "\n",
            "#!/bin/sh",
            "for a in \"$@\"; do",
            "  case \"$a\" in",
            "    .restore*) f=${a#.restore }; f=${f#\\'}; f=${f%\\'}; "
                + "truncate -s $(( $(stat -c %s \"$f\") / 2 )) \"$f\" ;;",
            "  esac",
            "done",
            "exec /usr/bin/sqlite3 \"$@\"",
            ""));
    Files.setPosixFilePermissions(sqlite3, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** Waits until the UTC second changes: the next backup gets a name of its own. */
  private static void nextSecond() {
    long now = Instant.now().getEpochSecond();
    Eventually.await(
        Duration.ofSeconds(3), "the next second", () -> Instant.now().getEpochSecond() > now);
  }

  private static String sqliteBackup(int keep) {
    return "  backup: {database: {engine: sqlite, path: " + DB + "}, keep: " + keep + "}";
  }

  private JsonNode backups() throws IOException {
    CliRun list = capstan("backups", "-o", "json");
    assertEquals(0, list.exitCode(), list.all());
    return json.readTree(list.out()).path("backups");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private String sql(String command) throws Exception {
    return DjangoBlog.sqlite(
        fleet.hosts().host(0).hostDir().resolve(deployName() + "/shared/" + DB), command);
  }

  private String get(int port) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
  }

  private String commit(int migrations) throws IOException {
    return DjangoBlog.commit(fleet.repo(), migrations);
  }

  private String liveCommit() throws IOException {
    return Files.readString(
            fleet.hosts().host(0).hostDir().resolve(deployName() + "/current/REVISION"))
        .strip();
  }

  private String deployName() {
    return deploy.substring(MOUNT.length() + 1);
  }

  private CliRun capstan(String command, String... rest) {
    return fleet.capstanOn("test", command, rest);
  }

  private void writeDesiredState(int port, String backup, String path) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: blog}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + deploy,
        "  keepReleases: 5",
        "  env: {DATABASE_PATH: \"" + deploy + "/shared/" + DB + "\", PATH: \"" + path + "\"}",
        "  shared: {dirs: [var]}",
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt,"
            + " systemSitePackages: true}",
        "  django: {manage: manage.py, collectstatic: false, migrate: true}",
        "  supervisor: supervisord",
        "  services:",
        "    web: {gunicorn: {app: \"proj.wsgi:application\", bind: \"127.0.0.1:"
            + port
            + "\", workers: 1}}",
        backup,
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: blog",
        "  revision: main",
        "  hosts: [\"" + fleet.hosts().address(0) + "\"]",
        fleet.sshYaml(),
        "");
  }
}
