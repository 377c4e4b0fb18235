package dev.capstan.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of {@code django_migrations.py}, read back: its shapes, and what is refused. */
class MigrationsJsonTest {

  @Test
  void readsACheckResult() {
    MigrationCheck check =
        MigrationCheck.parse(
            """
            {"database": "default", "format": 1, "missing": [["old", "0001_initial"]],
             "migrations": [{"app": "blog", "irreversible": "RunPython without reverse code",
               "name": "0003_fill", "operations": ["RunPython"], "reversible": false}],
             "targets": [{"app": "blog", "target": "0002_post_subtitle",
               "unapplies": [["blog", "0003_fill"]]}]}
            """);
    assertEquals("default", check.database());
    assertEquals("RunPython without reverse code", check.migrations().get(0).irreversible());
    assertEquals(
        List.of(
            new MigrationCheck.AppTarget(
                "blog", "0002_post_subtitle", List.of(new MigrationKey("blog", "0003_fill")))),
        check.targets());
    assertEquals(List.of(new MigrationKey("old", "0001_initial")), check.missing());
  }

  @Test
  void readsKnownMigrations() {
    KnownMigrations known =
        KnownMigrations.parse(
            """
            {"format": 1, "leaves": {"blog": ["0002_b"]},
             "migrations": [{"app": "blog", "dependencies": [["auth", "0012_x"]],
               "irreversible": null, "name": "0002_b", "operations": ["AddField"],
               "replaces": [["blog", "0001_a"]], "reversible": true}]}
            """);
    Migration m = known.migrations().get(0);
    assertTrue(m.reversible());
    assertEquals(List.of(new MigrationKey("auth", "0012_x")), m.dependencies());
    assertEquals(List.of(new MigrationKey("blog", "0001_a")), m.replaces());
    assertEquals(List.of("0002_b"), known.leaves().get("blog"));
  }

  @Test
  void refusesAnotherFormatAndNamesThatAreNotNames() {
    assertThrows(
        IllegalArgumentException.class,
        () -> KnownMigrations.parse("{\"format\": 2, \"migrations\": []}"));
    assertThrows(IllegalArgumentException.class, () -> MigrationCheck.parse("not json"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MigrationCheck.parse(
                    "{\"format\": 1, \"migrations\": [], \"targets\": [{\"app\": \"blog\","
                        + " \"target\": \"0001; rm -rf /\", \"unapplies\": []}]}"));
    assertTrue(e.getMessage().contains("not a Django migration name"), e.getMessage());
  }
}
