package dev.capstan.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.ExecResult;
import dev.capstan.host.ForwardingRemoteHost;
import dev.capstan.host.HostException;
import dev.capstan.host.LocalHost;
import dev.capstan.host.RemoteHost;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.testing.PostgresServer;
import dev.capstan.testing.RequiredTools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a real PostgreSQL 15 database through the real pg_dump, pg_restore and psql, run
 * locally, logging in as a role with a password that no message may show.
 */
class PostgresBackupsTest {

  private static final String PASSWORD = "s3cret-Pw-9f2c";
  private static final String RELEASE = SqliteBackupsTest.RELEASE;

  private static PostgresServer server;
  private static String url;

  @TempDir Path work;
  private Path deploy;
  private LocalHost host;

  @BeforeAll
  static void startServer() throws Exception {
    RequiredTools.program("pg_dump", "postgresql-client");
    RequiredTools.program("pg_restore", "postgresql-client");
    RequiredTools.program("psql", "postgresql-client");
    server = PostgresServer.start("app");
    url = server.roleUrl("app_user", PASSWORD, "app");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void createTables() throws Exception {
    server.sql(
        "app",
        "SET ROLE app_user;"
            + "DROP TABLE IF EXISTS django_migrations, blog_post;"
            + "CREATE TABLE django_migrations (id serial PRIMARY KEY, app text, name text,"
            + " applied timestamptz DEFAULT now());"
            + "INSERT INTO django_migrations (app, name) VALUES"
            + " ('blog', '0001_initial'), ('blog', '0002_tags');"
            + "CREATE TABLE blog_post (id serial PRIMARY KEY, title text);"
            + "INSERT INTO blog_post (title) VALUES ('a'), (E'tab\\there'), ('c');");
    deploy = Files.createDirectories(work.resolve("deploy"));
    host = new LocalHost();
  }

  private HostBackups backups(BackupDatabase database, Map<String, String> env) {
    return new HostBackups(
        host,
        new ReleaseLayout(deploy.toString()),
        database,
        List.of(),
        env,
        Duration.ofSeconds(120),
        Clock.systemUTC());
  }

  private HostBackups backups() {
    return backups(BackupDatabase.postgresql(url), Map.of());
  }

  @Test
  void takesAndVerifiesABackupAndDropsTheScratchDatabase() throws Exception {
    List<String> before = server.databases();
    long started = System.nanoTime();
    BackupResult result = backups().take(RELEASE, "abcdef1", true);
    System.out.printf("postgresql take+verify: %d ms%n", (System.nanoTime() - started) / 1_000_000);

    assertTrue(result.ok(), result.failure());
    Backup backup = result.backup();
    assertEquals("postgresql", backup.engine());
    assertTrue(backup.file().endsWith(".dump"));
    assertEquals(List.of("blog.0001_initial", "blog.0002_tags"), backup.migrations());
    assertEquals(
        Map.of("public.blog_post", 3L, "public.django_migrations", 2L), backup.rowCounts());
    assertTrue(backup.verifiedOk(), backup.verificationText());
    assertEquals(before, server.databases(), "the scratch database is dropped");
    assertTrue(Files.readAllBytes(deploy.resolve("backups/" + backup.file()))[0] == 'P');
    assertNoSecretIn(Files.readString(deploy.resolve("backups/" + backup.name() + ".json")));
  }

  @Test
  void takesTheUrlFromTheAppsEnvironment() throws Exception {
    BackupResult result =
        backups(BackupDatabase.postgresqlFromEnv("DATABASE_URL"), Map.of("DATABASE_URL", url))
            .take(RELEASE, "abcdef1", true);

    assertTrue(result.ok(), result.failure());
    assertEquals(3L, result.backup().rowCounts().get("public.blog_post"));
  }

  @Test
  void aTruncatedDumpFailsVerificationAndTheScratchDatabaseIsDropped() throws Exception {
    List<String> before = server.databases();
    Backup backup = backups().take(RELEASE, "abcdef1", false).backup();
    Path file = deploy.resolve("backups/" + backup.file());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

    BackupResult digest = backups().verify(new BackupName(backup.name()));
    assertFalse(digest.ok());
    assertTrue(digest.failure().contains("sha256"), digest.failure());

    Testing.rewriteDigest(deploy.resolve("backups/" + backup.name() + ".json"), file);
    BackupResult restore = backups().verify(new BackupName(backup.name()));

    System.out.println("corrupt dump: " + restore.failure());
    assertFalse(restore.ok());
    assertTrue(restore.failure().contains("exited with status 51"), restore.failure());
    assertTrue(restore.failure().contains("pg_restore"), restore.failure());
    assertFalse(restore.backup().verifiedOk());
    assertEquals(before, server.databases(), "the scratch database is dropped");
    assertNoSecretIn(restore.failure());
  }

  @Test
  void aHostWithoutPgDumpFailsNamingIt() throws Exception {
    Path bin = Files.createDirectories(work.resolve("bin"));
    for (String dir : List.of("/usr/bin", "/bin")) {
      try (Stream<Path> programs = Files.list(Path.of(dir))) {
        for (Path program : programs.toList()) {
          Path link = bin.resolve(program.getFileName());
          if (!program.getFileName().toString().equals("pg_dump") && !Files.exists(link)) {
            Files.createSymbolicLink(link, program);
          }
        }
      }
    }

    BackupResult result =
        backups(BackupDatabase.postgresql(url), Map.of("PATH", bin.toString()))
            .take(RELEASE, "abcdef1", true);

    assertFalse(result.ok());
    System.out.println("no pg_dump: " + result.failure());
    assertTrue(result.failure().contains("pg_dump is not installed"), result.failure());
    assertTrue(result.failure().contains("status 50"), result.failure());
    assertNoSecretIn(result.failure());
  }

  @Test
  void anUnreachableDatabaseFailsWithoutShowingTheUrl() throws Exception {
    int port = RequiredTools.freePort();
    String unreachable = url.replace(":" + server.port() + "/", ":" + port + "/");

    BackupResult result =
        backups(BackupDatabase.postgresql(unreachable), Map.of()).take(RELEASE, "abcdef1", true);

    assertFalse(result.ok());
    System.out.println("unreachable: " + result.failure());
    assertTrue(result.failure().startsWith("backup `"), result.failure());
    assertTrue(result.failure().contains("pg_dump"), result.failure());
    assertTrue(result.failure().contains(String.valueOf(port)), result.failure());
    assertNoSecretIn(result.failure());
    assertFalse(result.failure().contains("postgresql://"), result.failure());
    try (Stream<Path> files = Files.list(deploy.resolve("backups"))) {
      assertEquals(List.of(), files.toList(), "nothing half-written");
    }
  }

  @Test
  void restoreBringsBackTheRowsAndBacksUpWhatItReplaces() throws Exception {
    Backup taken = backups().take(RELEASE, "abcdef1", true).backup();
    server.sql("app", "SET ROLE app_user; DELETE FROM blog_post WHERE title = 'a'");
    List<String> before = server.databases();

    RestoreResult result = backups().restore(new BackupName(taken.name()));

    assertTrue(result.ok(), result.failure());
    assertEquals("3", server.sql("app", "SELECT count(*) FROM blog_post").strip());
    assertEquals(2L, result.replaced().rowCounts().get("public.blog_post"));
    assertTrue(result.replaced().verifiedOk());
    assertEquals(before, server.databases(), "no scratch or replaced database left");
    assertEquals(
        List.of(result.replaced().name(), taken.name()),
        backups().list().stream().map(Backup::name).toList());
  }

  @Test
  void decodesAPercentEncodedUserAndPassword() throws Exception {
    String role = "odd_user" + System.nanoTime() % 100000;
    String encoded = server.roleUrl(role, "p@ss w/rd:x", "app");
    String percent =
        encoded.replace("p@ss w/rd:x@", "p%40ss%20w%2Frd%3Ax@").replace("odd_user", "odd%5Fuser");
    server.sql(
        "app",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO "
            + role
            + ";"
            + "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO "
            + role);
    server.sql("app", "ALTER DATABASE app OWNER TO app_user");

    BackupResult result =
        backups(BackupDatabase.postgresql(percent), Map.of()).take(RELEASE, "abcdef1", false);

    assertTrue(result.ok(), result.failure());
    assertEquals(3L, result.backup().rowCounts().get("public.blog_post"));
  }

  @Test
  void aUrlThatIsNotPostgresqlFailsNamingNoSecret() throws Exception {
    BackupResult result =
        backups(BackupDatabase.postgresql("mysql://root:" + PASSWORD + "@db/app"), Map.of())
            .take(RELEASE, "abcdef1", true);

    assertFalse(result.ok());
    assertTrue(result.failure().startsWith("connect `"), result.failure());
    assertTrue(result.failure().contains("not a postgresql:// URL"), result.failure());
    assertFalse(result.failure().contains(PASSWORD), result.failure());
  }

  @Test
  void noScriptSentCarriesTheUrl() throws Exception {
    List<String> scripts = new java.util.ArrayList<>();
    RemoteHost recording =
        new ForwardingRemoteHost(host) {
          @Override
          public ExecResult exec(String script, InputStream stdin, Duration timeout)
              throws HostException {
            scripts.add(script);
            return super.exec(script, stdin, timeout);
          }
        };
    HostBackups backups =
        new HostBackups(
            recording,
            new ReleaseLayout(deploy.toString()),
            BackupDatabase.postgresql(url),
            List.of(),
            Map.of(),
            Duration.ofSeconds(120),
            Clock.systemUTC());

    Backup taken = backups.take(RELEASE, "abcdef1", true).backup();
    assertTrue(backups.restore(new BackupName(taken.name())).ok());
    backups.list();

    assertEquals(3, scripts.size());
    scripts.forEach(PostgresBackupsTest::assertNoSecretIn);
  }

  private static void assertNoSecretIn(String text) {
    assertFalse(text.contains(PASSWORD), "the password is never shown: " + text);
    assertFalse(text.contains(url), "the URL is never shown: " + text);
  }
}
