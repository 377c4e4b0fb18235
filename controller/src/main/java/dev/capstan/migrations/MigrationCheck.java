package dev.capstan.migrations;

import java.util.List;

/**
 * What the newer release found, with the database connected, of the migrations applied that an
 * older release lacks, and how {@code manage.py migrate} reverses them.
 *
 * @param database the database alias checked
 * @param migrations every migration the reversal would unapply, in the order Django would, each
 *     with whether it can be
 * @param targets per app to reverse, in app order, the node to migrate back to and what that
 *     unapplies (dependents in other apps included)
 * @param missing applied migrations neither release has the files of: nothing can reverse them and
 *     neither release's code uses them, so they are left alone
 */
public record MigrationCheck(
    String database,
    List<Migration> migrations,
    List<AppTarget> targets,
    List<MigrationKey> missing) {

  public MigrationCheck {
    migrations = List.copyOf(migrations);
    targets = List.copyOf(targets);
    missing = List.copyOf(missing);
  }

  /** Reads the JSON of the program's {@code check} mode. */
  public static MigrationCheck parse(String json) {
    return MigrationsJson.check(json);
  }

  /**
   * One {@code manage.py migrate APP TARGET}.
   *
   * @param target a migration's name, or {@value #ZERO} to unapply every migration of the app
   * @param unapplies what Django plans to unapply for it, in order
   */
  public record AppTarget(String app, String target, List<MigrationKey> unapplies) {

    public static final String ZERO = "zero";

    public AppTarget {
      MigrationKey.requireApp(app);
      MigrationKey.requireName(target);
      unapplies = List.copyOf(unapplies);
    }
  }
}
