package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private static final Path POSTGRES_BIN = Path.of("/usr/lib/postgresql/15/bin");

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);
  private Path dataDir;

  @AfterEach
  void stopPostgres() throws Exception {
    if (dataDir != null) {
      asPostgres(
          List.of(
              POSTGRES_BIN.resolve("pg_ctl").toString(),
              "-D",
              dataDir + "/data",
              "-m",
              "fast",
              "-w",
              "stop"));
      run(List.of("rm", "-rf", dataDir.toString()));
    }
  }

  @Test
  void migrateReachesThePostgresqlNamedInTheEnvFile() throws Exception {
    RequiredTools.pythonModule(PYTHON, "django", "python3-django");
    RequiredTools.pythonModule(PYTHON, "psycopg2", "python3-psycopg2");
    assertTrue(
        Files.isExecutable(POSTGRES_BIN.resolve("initdb")),
        "PostgreSQL 15 is needed: apt-get install postgresql");
    int port = RequiredTools.freePort();
    startPostgres(port);

    Path secrets = Files.createDirectories(fleet.work().resolve("secrets"));
    Files.writeString(
        secrets.resolve("app.env"),
        "DATABASE_URL=postgresql://postgres@127.0.0.1:" + port + "/capstan\n");
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
        psql(port, "select count(*) from django_migrations where app = 'auth'").strip();
    assertTrue(Integer.parseInt(migrations) > 0, "auth's migrations are recorded: " + migrations);
    try (Stream<Path> files = Files.walk(deploy)) {
      List<Path> sqlite = files.filter(p -> p.getFileName().toString().contains("sqlite")).toList();
      assertEquals(List.of(), sqlite, "no SQLite database anywhere");
    }
  }

  private void startPostgres(int port) throws Exception {
    dataDir = Files.createTempDirectory("capstan-pg");
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    run(List.of("chown", "postgres:postgres", dataDir.toString()));
    asPostgres(
        List.of(
            POSTGRES_BIN.resolve("initdb").toString(),
            "-D",
            dataDir + "/data",
            "--auth=trust",
            "-U",
            "postgres"));
    asPostgres(
        List.of(
            POSTGRES_BIN.resolve("pg_ctl").toString(),
            "-D",
            dataDir + "/data",
            "-l",
            dataDir + "/postgres.log",
            "-w",
            "-o",
            "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1",
            "start"));
    asPostgres(
        List.of(
            POSTGRES_BIN.resolve("createdb").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "capstan"));
  }

  private static String psql(int port, String query) throws Exception {
    return asPostgres(
        List.of(
            POSTGRES_BIN.resolve("psql").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-d",
            "capstan",
            "-tAc",
            query));
  }

  /** Runs a command as the postgres user (the server refuses root); its output, or fails. */
  private static String asPostgres(List<String> command) throws Exception {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(command);
    return run(full);
  }

  private static String run(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(new java.io.File("/"))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish: " + command);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + out);
    }
    return out;
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
