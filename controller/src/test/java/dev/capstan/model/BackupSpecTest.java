package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.model.BackupSpec.Database;
import dev.capstan.model.BackupSpec.DatabaseUrl;
import dev.capstan.model.BackupSpec.Engine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An Application's {@code backup}, as DESIGN.md writes it, and each way it can be wrong. */
class BackupSpecTest {

  private static final String HEAD =
      """
      apiVersion: capstan.dev/v1alpha1
      kind: Application
      metadata: {name: app}
      spec:
        repository: {url: https://x}
        deployPath: /srv/app
      """;

  @Test
  void readsThePostgresqlExampleOfTheDesign() throws Exception {
    BackupSpec backup =
        read(
            """
              backup:
                database: {engine: postgresql, url: {file: secrets/db-url}}
                beforeMigrate: true
                keep: 7
                verify: true
                schedule: "0 3 * * *"
            """);

    assertEquals(
        new BackupSpec(
            new Database(
                Engine.POSTGRESQL,
                new DatabaseUrl(SecretSource.ofFile("secrets/db-url"), null),
                null),
            true,
            7,
            true,
            "0 3 * * *"),
        backup);
  }

  @Test
  void defaultsToVerifiedBackupsBeforeEveryMigrationKeepingSeven() throws Exception {
    BackupSpec backup =
        read(
            """
              backup:
                database: {engine: sqlite, path: var/db.sqlite3}
            """);

    assertEquals(
        new BackupSpec(new Database(Engine.SQLITE, null, "var/db.sqlite3"), true, 7, true, null),
        backup);
  }

  @Test
  void takesTheUrlFromAnEnvVariableOrASecret() throws Exception {
    assertEquals(
        new DatabaseUrl(null, "DATABASE_URL"),
        read("""
                  backup:
                    database: {engine: postgresql, url: {env: DATABASE_URL}}
                """)
            .database()
            .url());
    assertEquals(
        new DatabaseUrl(new SecretSource(null, new SecretSource.SecretRef("db", "url")), null),
        read("""
                  backup:
                    database: {engine: postgresql, url: {secretRef: {name: db, key: url}}}
                """)
            .database()
            .url());
  }

  @Test
  void anApplicationWithoutBackupHasNone() throws Exception {
    assertNull(read(""));
  }

  @Test
  void namesFileLineAndFieldOfEachMistake() {
    assertEquals(
        List.of(
            "app.yaml:8:24: spec.backup.database.engine: must be postgresql, sqlite or django (the database the"
                + " app's DATABASES setting names)",
            "app.yaml:9:11: spec.backup.keep: must be at least 1",
            "app.yaml:10:15: spec.backup.schedule: must be a cron expression of 5 fields"
                + " (minute hour day month weekday), like \"0 3 * * *\""),
        problems(
            """
              backup:
                database: {engine: mysql}
                keep: 0
                schedule: "0 3 * *"
            """));
  }

  @Test
  void refusesASqlitePathOutsideShared() {
    assertEquals(
        List.of(
            "app.yaml:8:38: spec.backup.database.path: must not contain \"..\" segments",
            "app.yaml:17:38: spec.backup.database.path: must be a relative path (no leading"
                + " \"/\")"),
        problems(
            """
              backup:
                database: {engine: sqlite, path: ../db.sqlite3}
            ---
            """
                + HEAD.replace("name: app", "name: other")
                + """
              backup:
                database: {engine: sqlite, path: /var/db.sqlite3}
            """));
  }

  @Test
  void refusesABadCronExpressionAndAUrlFromTwoPlaces() {
    assertEquals(
        List.of(
            "app.yaml:8:36: spec.backup.database.url: must set exactly one of file, secretRef or"
                + " env",
            "app.yaml:9:15: spec.backup.schedule: is not a valid cron expression: ",
            "app.yaml:10:5: spec.backup.retain: unknown field \"retain\""),
        problems(
                """
                  backup:
                    database: {engine: postgresql, url: {env: DATABASE_URL, file: x}}
                    schedule: "61 3 * * *"
                    retain: 3
                """)
            .stream()
            .map(p -> p.replaceAll("expression: .*", "expression: "))
            .toList());
  }

  @Test
  void readsTheDatabaseFromTheDjangoSettingsByAlias() throws Exception {
    assertEquals(
        new Database(Engine.DJANGO, null, null, "default"),
        read("""
                  django: {manage: manage.py}
                  backup: {database: {engine: django}}
                """)
            .database());
    assertEquals(
        new Database(Engine.DJANGO, null, null, "replica-2"),
        read("""
                  django: {}
                  backup: {database: {engine: django, alias: replica-2}}
                """)
            .database());
  }

  @Test
  void refusesDjangoSettingsWithoutTheDjangoPresetOrWithABadAlias() {
    assertEquals(
        List.of(
            "app.yaml:7:12: spec.backup.database: engine django needs the django preset: the"
                + " settings are read with manage.py",
            "app.yaml:16:46: spec.backup.database.alias: must be a key of the DATABASES setting:"
                + " letters, digits, '_' and '-'"),
        problems(
            """
              backup: {database: {engine: django}}
            ---
            """
                + HEAD.replace("name: app", "name: other")
                + """
              django: {}
              backup: {database: {engine: django, alias: "a; rm -rf /"}}
            """));
  }

  private static BackupSpec read(String backup) throws InvalidDesiredStateException {
    return DesiredStateLoader.parse(Path.of("app.yaml"), HEAD + backup)
        .applications()
        .get("app")
        .spec()
        .backup();
  }

  private static List<String> problems(String backup) {
    InvalidDesiredStateException e =
        assertThrows(
            InvalidDesiredStateException.class,
            () -> DesiredStateLoader.parse(Path.of("app.yaml"), HEAD + backup));
    return e.problems().stream().map(Problem::toString).toList();
  }
}
