package dev.capstan.migrations;

import java.util.List;
import java.util.Map;

/**
 * The migrations a release's code defines, as its build wrote them to {@code
 * .capstan/migrations.json} (computed without a database).
 *
 * @param leaves per app label, its leaf migrations' names (one, unless the app has a conflict)
 */
public record KnownMigrations(List<Migration> migrations, Map<String, List<String>> leaves) {

  public KnownMigrations {
    migrations = List.copyOf(migrations);
    leaves = Map.copyOf(leaves);
  }

  /** Reads the JSON of the program's {@code known} mode. */
  public static KnownMigrations parse(String json) {
    return MigrationsJson.known(json);
  }
}
