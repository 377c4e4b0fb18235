package dev.capstan.model;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.capstan.model.BackupSpec.Database;
import dev.capstan.model.BackupSpec.DatabaseUrl;
import dev.capstan.model.BackupSpec.Engine;
import java.util.Set;

/** Reads and checks an Application's {@code backup}. */
final class BackupReader {

  private static final Set<String> FIELDS =
      Set.of("database", "beforeMigrate", "keep", "verify", "schedule");
  private static final Set<String> POSTGRESQL = Set.of("engine", "url");
  private static final Set<String> SQLITE = Set.of("engine", "path");
  private static final Set<String> DJANGO = Set.of("engine", "alias");
  private static final Set<String> URL = Set.of("file", "secretRef", "env");

  /** Five fields, minute first: the crontab form, which cron-utils calls UNIX. */
  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private BackupReader() {}

  /** The spec's {@code backup}; null when absent or wrong (with a problem). */
  static BackupSpec read(MapReader spec) {
    boolean django = spec.has("django");
    return spec.mapping("backup").map(backup -> backup(backup, django)).orElse(null);
  }

  private static BackupSpec backup(MapReader backup, boolean django) {
    backup.allowOnly(FIELDS);
    MapReader database = backup.requiredMapping("database");
    return new BackupSpec(
        database == null ? null : database(database, django),
        backup.bool("beforeMigrate", true),
        backup.integer("keep", BackupSpec.DEFAULT_KEEP, 1),
        backup.bool("verify", true),
        backup.string("schedule", null, BackupReader::cron));
  }

  private static Database database(MapReader database, boolean django) {
    Engine engine = database.requiredString("engine", BackupReader::engine);
    if (engine == null) {
      return null;
    }
    if (engine == Engine.DJANGO) {
      database.allowOnly(DJANGO);
      if (!django) {
        database.report(
            "engine django needs the django preset: the settings are read with manage.py");
      }
      return new Database(
          engine, null, null, database.string("alias", "default", BackupReader::alias));
    }
    if (engine == Engine.SQLITE) {
      database.allowOnly(SQLITE);
      return new Database(engine, null, database.requiredString("path", PathRules::relative));
    }
    database.allowOnly(POSTGRESQL);
    MapReader url = database.requiredMapping("url");
    return new Database(engine, url == null ? null : url(url), null);
  }

  private static DatabaseUrl url(MapReader url) {
    if (!url.has("env")) {
      SecretSource secret = SecretSources.read(url, Set.of());
      return secret == null ? null : new DatabaseUrl(secret, null);
    }
    url.allowOnly(URL);
    if (url.has("file") || url.has("secretRef")) {
      url.report("must set exactly one of file, secretRef or env");
      return null;
    }
    String env = url.requiredString("env", EnvRules::envKey);
    return env == null ? null : new DatabaseUrl(null, env);
  }

  private static Engine engine(String text) {
    for (Engine engine : Engine.values()) {
      if (engine.wire().equals(text)) {
        return engine;
      }
    }
    throw new InvalidValueException(
        "must be postgresql, sqlite or django (the database the app's DATABASES setting names)");
  }

  /** A key of Django's {@code DATABASES}, as it reaches the host's shell. */
  private static String alias(String text) {
    if (!text.matches("[A-Za-z_][A-Za-z0-9_-]{0,62}")) {
      throw new InvalidValueException(
          "must be a key of the DATABASES setting: letters, digits, '_' and '-'");
    }
    return text;
  }

  /** A five-field cron expression as cron-utils parses it; its message says what is wrong. */
  static String cron(String text) {
    if (text.strip().split("\\s+").length != 5) {
      throw new InvalidValueException(
          "must be a cron expression of 5 fields (minute hour day month weekday), like \"0 3 * * *\"");
    }
    try {
      CRON.parse(text).validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("is not a valid cron expression: " + e.getMessage());
    }
    return text.strip();
  }
}
