package dev.capstan.backup;

import dev.capstan.host.Shell;
import dev.capstan.model.BackupSpec.Engine;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup functions of {@code backup.sh} as builtin {@link Step}s of one deploy path and
 * database, to run after the app's environment is loaded (so an {@code env:} URL resolves). No
 * step's call or shown command holds the database URL: it travels on standard input to {@link
 * #connect}.
 */
public final class BackupSteps {

  private final ReleaseLayout layout;
  private final BackupDatabase database;

  public BackupSteps(ReleaseLayout layout, BackupDatabase database) {
    this.layout = layout;
    this.database = database;
  }

  /**
   * The step {@code connect}, first of any script that touches a PostgreSQL database: the URL (from
   * the environment, or standard input) becomes a 0600 service file the later steps use. Empty for
   * SQLite.
   */
  public List<Step> connect() {
    return connect(null);
  }

  /**
   * As {@link #connect()}; with engine {@code django}, the database is the one the settings of
   * {@code release} (null: the live one) name, so a backup before a migration is of exactly the
   * database that migration changes.
   */
  List<Step> connect(String release) {
    if (database.engine() == Engine.SQLITE) {
      return List.of();
    }
    if (database.engine() == Engine.DJANGO) {
      BackupDatabase.DjangoSettings django = database.django();
      return List.of(
          new Step(
              "connect",
              django.python()
                  + " "
                  + Shell.quote(django.manage())
                  + " shell: the database "
                  + database
                  + " of "
                  + (release == null ? "the live release" : release),
              List.of(
                  "capstan_django_database",
                  layout.deployPath(),
                  release == null ? "" : release,
                  django.python(),
                  django.manage(),
                  django.alias())));
    }
    List<String> call =
        database.urlEnv() != null
            ? List.of("capstan_backup_connect", "env", database.urlEnv())
            : List.of("capstan_backup_connect", "stdin");
    return List.of(new Step("connect", "connect to the database (" + database + ")", call));
  }

  /**
   * Connect, take and (with {@code verify}) verify: the steps a migration runs first when {@code
   * backup.beforeMigrate} is set, stopping the script there when the backup fails or does not
   * verify. The script's standard input must carry the URL when it comes from a file or Secret.
   */
  public List<Step> takeAndVerify(BackupName name, String release, String commit, boolean verify) {
    List<Step> steps = new ArrayList<>(connect(release));
    steps.add(take(name, release, commit));
    if (verify) {
      steps.add(verify(name));
    }
    return steps;
  }

  /**
   * The step {@code backup}: takes backup {@code name} for {@code release} at {@code commit} (both
   * null: the live release's) into {@code backups/}, with its sidecar.
   */
  public Step take(BackupName name, String release, String commit) {
    return step(
        "backup",
        "back up " + database + " to backups/" + name,
        "capstan_backup_take",
        name,
        release == null ? "" : release,
        commit == null ? "" : commit);
  }

  /** The step {@code verify backup}: restores it into a scratch database and compares. */
  public Step verify(BackupName name) {
    return step(
        "verify backup",
        "restore backups/" + name + " into a scratch database",
        "capstan_backup_verify",
        name);
  }

  /** The step {@code restore}: puts backup {@code name} in place of the live database. */
  public Step restore(BackupName name) {
    return step(
        "restore", "restore backups/" + name + " into " + database, "capstan_backup_restore", name);
  }

  /** The step {@code list backups}: records every sidecar. */
  public Step list() {
    return new Step(
        "list backups",
        "list " + layout.deployPath() + "/backups",
        List.of("capstan_backup_list", layout.deployPath()));
  }

  /** The step {@code releases' migrations}: what each release here recorded it knows. */
  public Step known() {
    return new Step(
        "releases' migrations",
        "read " + layout.releasesDir() + "/*/" + dev.capstan.release.MigrationSteps.FILE,
        List.of("capstan_backup_known", layout.deployPath()));
  }

  /** The step {@code prune backups}: deletes these backups' files, nothing else. */
  public Step prune(List<BackupName> names) {
    List<String> call = new ArrayList<>(List.of("capstan_backup_prune", layout.deployPath()));
    names.forEach(name -> call.add(name.value()));
    return new Step("prune backups", "delete " + names.size() + " backups", call);
  }

  private Step step(String name, String shown, String function, BackupName backup, String... rest) {
    List<String> call =
        new ArrayList<>(
            List.of(
                function,
                layout.deployPath(),
                database.engine().wire(),
                database.sqlitePath(),
                backup.value()));
    call.addAll(List.of(rest));
    return new Step(name, shown, call);
  }
}
