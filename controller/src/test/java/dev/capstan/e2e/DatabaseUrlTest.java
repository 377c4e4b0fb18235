package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.PostgresServer;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Django app whose settings take {@code DATABASE_URL} from the environment only (no default: they
 * raise without it), set in {@code shared/.env} written by {@code configFiles} from a file on the
 * controller and read through {@code envFiles}: the migrate step reaches a real PostgreSQL (started
 * here, psycopg2 from Debian), and no SQLite file appears anywhere in the deploy path.
 */
class DatabaseUrlTest {

  private static final String MOUNT = "/srv/capstan-database-url";
  private static final String DEPLOY = MOUNT + "/app";
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);
  private PostgresServer postgres;

  @AfterEach
  void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void migrateReachesThePostgresqlNamedInTheEnvFile() throws Exception {
    RequiredTools.pythonModule(PYTHON, "django", "python3-django");
    RequiredTools.pythonModule(PYTHON, "psycopg2", "python3-psycopg2");
    postgres = PostgresServer.start("capstan");

    Path secrets = Files.createDirectories(fleet.work().resolve("secrets"));
    Files.writeString(secrets.resolve("app.env"), "DATABASE_URL=" + postgres.url("capstan") + "\n");
    String commit =
        fleet
            .repo()
            .write("app/manage.py", MANAGE)
            .write("app/site_db/__init__.py", "")
            .write("app/site_db/settings.py", SETTINGS)
            .write("app/site_db/urls.py", "urlpatterns = []\n")
            .commit("a Django site on DATABASE_URL");
    writeDesiredState(commit);

    CliRun apply = fleet.apply();

    assertEquals(0, apply.exitCode(), apply.all());
    assertFalse(apply.all().contains("postgresql://"), "the URL is never printed");
    Path deploy = fleet.hosts().host(0).hostDir().resolve("app");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(deploy.resolve("shared/.env"))));
    String migrations =
        postgres
            .sql("capstan", "select count(*) from django_migrations where app = 'auth'")
            .strip();
    assertTrue(Integer.parseInt(migrations) > 0, "auth's migrations are recorded: " + migrations);
    try (Stream<Path> files = Files.walk(deploy)) {
      List<Path> sqlite = files.filter(p -> p.getFileName().toString().contains("sqlite")).toList();
      assertEquals(List.of(), sqlite, "no SQLite database anywhere");
    }

    // A second commit: its migrate waits for a pg_dump of the database the settings name (the
    // backup's engine is "django"), restored for real into a scratch database (dropped after) and
    // compared with its sidecar.
    writeDesiredState(fleet.repo().write("app/README", "v2\n").commit("v2"));
    CliRun second = fleet.apply();
    assertEquals(0, second.exitCode(), second.all());
    assertFalse(second.all().contains("postgresql://"), "the URL is never printed");
    CliRun listed = fleet.capstan("backups", "--env", "dburl-test", "-o", "json");
    assertEquals(0, listed.exitCode(), listed.all());
    com.fasterxml.jackson.databind.JsonNode newest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(listed.out())
            .path("backups")
            .get(0);
    assertTrue(newest.at("/verified/ok").asBoolean(), newest.toString());
    assertEquals("postgresql", newest.path("engine").asText());
    assertTrue(
        newest.path("migrations").toString().contains("auth.0001_initial"),
        "the migrations applied before it: " + newest);
    assertTrue(newest.path("rowCounts").has("public.django_migrations"), newest.toString());
    assertEquals(
        "0",
        postgres
            .sql(
                "postgres", "select count(*) from pg_database where datname like 'capstan_verify%'")
            .strip(),
        "every scratch database was dropped");
  }

  private void writeDesiredState(String revision) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: dburl}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + DEPLOY,
        "  django: {manage: manage.py, collectstatic: false, migrate: true}",
        "  env: {DJANGO_SETTINGS_MODULE: site_db.settings}",
        "  envFiles: [.env]",
        "  configFiles:",
        "  - {path: .env, source: {file: secrets/app.env}}",
        // The settings name the database: DATABASES['default'], read on the host by manage.py.
        "  backup: {database: {engine: django}}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: dburl-test}",
        "spec:",
        "  application: dburl",
        "  revision: " + revision,
        "  hosts:",
        "  - {host: \"" + fleet.hosts().address(0) + "\", roles: [migrate]}",
        fleet.sshYaml(),
        "");
  }

  private static final String MANAGE =
      String.join(
          "\n",
          "import os, sys",
          "if __name__ == '__main__':",
          "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_db.settings')",
          "    from django.core.management import execute_from_command_line",
          "    execute_from_command_line(sys.argv)",
          "");

  /** Settings with no database of their own: DATABASE_URL or nothing. */
  private static final String SETTINGS =
      String.join(
          "\n",
          "import os",
          "from urllib.parse import urlparse",
          "url = os.environ.get('DATABASE_URL')",
          "if not url:",
          "    raise RuntimeError('DATABASE_URL is not set')",
          "parsed = urlparse(url)",
          "if parsed.scheme not in ('postgres', 'postgresql'):",
          "    raise RuntimeError('DATABASE_URL is not PostgreSQL: ' + parsed.scheme)",
          "SECRET_KEY = 'test'",
          "DEBUG = False",
          "ALLOWED_HOSTS = ['*']",
          "ROOT_URLCONF = 'site_db.urls'",
          "INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth']",
          "DATABASES = {'default': {",
          "    'ENGINE': 'django.db.backends.postgresql',",
          "    'NAME': parsed.path.lstrip('/'),",
          "    'USER': parsed.username or '',",
          "    'PASSWORD': parsed.password or '',",
          "    'HOST': parsed.hostname or '',",
          "    'PORT': str(parsed.port or ''),",
          "}}",
          "USE_TZ = True",
          "");
}
