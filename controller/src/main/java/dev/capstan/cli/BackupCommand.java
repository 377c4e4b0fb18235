package dev.capstan.cli;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.EnvironmentBackups;
import dev.capstan.reconcile.Rollout;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code capstan backup}: takes a backup of the Environment's database now, on its migrating host,
 * and verifies it by a real restore into a scratch database (as {@code backup.verify} says).
 */
@Command(
    name = "backup",
    description = "Take and verify a backup of the database now; exit 1 unless it verified.")
final class BackupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    Environment environment = BackupsCommand.oneEnvironment(desired, spec);
    DesiredState state = desired.load(spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    EnvironmentBackups.Taken taken;
    try (Rollout rollout = engine.rollout()) {
      taken =
          rollout
              .backups()
              .backUp(
                  state,
                  environment,
                  ApplyCommand.progressTo(out, environment.name(), engine.verbose));
    }
    if (taken.result().nothingYet()) {
      out.println(
          "Environment "
              + environment.name()
              + " "
              + taken.host()
              + ": no database yet: nothing to back up");
      out.flush();
      return 0;
    }
    if (taken.result().ok()) {
      out.println(
          "Environment "
              + environment.name()
              + " "
              + taken.host()
              + ": backup "
              + BackupsCommand.describe(taken.result().backup()));
      out.flush();
      return 0;
    }
    out.println(
        "Environment "
            + environment.name()
            + " "
            + taken.host()
            + ": no verified backup: "
            + taken.result().failure());
    out.flush();
    return 1;
  }
}
