package dev.capstan.cli;

import dev.capstan.backup.BackupName;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.EnvironmentBackups;
import dev.capstan.reconcile.Rollout;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capstan restore}: stops the services, puts a backup in place of the live database (after a
 * verified backup of what it replaces), and starts the services again.
 */
@Command(
    name = "restore",
    description =
        "Stop the services, restore BACKUP into the live database (a verified backup of what it"
            + " replaces is taken first), start the services; needs --yes.")
final class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Parameters(index = "0", paramLabel = "BACKUP", description = "A backup's name (see backups).")
  String backup;

  @Option(names = "--yes", description = "Yes, replace the live database.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    Environment environment = BackupsCommand.oneEnvironment(desired, spec);
    if (!BackupName.isValid(backup)) {
      throw new UsageException("not a backup name: " + backup + " (see capstan backups)");
    }
    if (!yes) {
      throw new UsageException(
          "restore replaces the live database of "
              + environment.name()
              + " and stops its services meanwhile: add --yes");
    }
    DesiredState state = desired.load(spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    EnvironmentBackups.Restored restored;
    try (Rollout rollout = engine.rollout()) {
      restored =
          rollout
              .backups()
              .restore(
                  state,
                  environment,
                  new BackupName(backup),
                  ApplyCommand.progressTo(out, environment.name(), engine.verbose));
    }
    String where = "Environment " + environment.name() + " " + restored.host() + ": ";
    boolean ok = restored.result() != null && restored.result().ok() && restored.services() == null;
    if (restored.result() != null && restored.result().ok()) {
      out.println(
          where
              + "restored "
              + backup
              + "; what it replaced is backup "
              + BackupsCommand.describe(restored.result().replaced()));
    } else if (restored.result() != null) {
      out.println(
          where + "not restored, the live database is as it was: " + restored.result().failure());
    }
    if (restored.services() != null) {
      out.println(where + restored.services());
    }
    out.flush();
    return ok ? 0 : 1;
  }
}
