package dev.capstan.cli;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.RollbackReport;
import dev.capstan.reconcile.Rollbacks;
import dev.capstan.reconcile.Rollout;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capstan rollback}: every host of an Environment back to a release it still has, without
 * building, batch by batch; then pinned there with the commit it left vetoed, so nothing deploys
 * that commit again until a newer one comes (or {@code unpin}).
 */
@Command(
    name = "rollback",
    description =
        "Switch every host back to a retained release (default: the one live before the current"
            + " one), pin the Environment there and veto the commit it left; exit 1 unless every"
            + " host rolled back.")
final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Option(
      names = "--to",
      paramLabel = "RELEASE|COMMIT",
      description = "A release name or a commit (full, short, a tag) to go back to.")
  String to;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why: kept with the pin and the veto, and in revisions.log.")
  String reason;

  @Option(
      names = "--allow-irreversible",
      description =
          "Switch even when the database has migrations the release lacks that cannot be"
              + " reversed (the schema stays as it is).")
  boolean allowIrreversible;

  @Option(
      names = "--dry-run",
      description =
          "Only say what each host would switch to, and what the database's migrations need;"
              + " nothing changes.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    if (desired.environment == null) {
      throw new UsageException("rollback needs --env NAME: it acts on one Environment");
    }
    DesiredState state = desired.load(spec.commandLine().getErr());
    Environment environment = desired.select(state).get(0);
    PrintWriter out = spec.commandLine().getOut();
    boolean controllerRuns = ApplyCommand.noteRunningController(out, desired);
    RollbackReport report;
    try (Rollout rollout = engine.rollout()) {
      report =
          rollout
              .rollbacks()
              .rollBack(
                  state,
                  environment,
                  desired.pins(),
                  new Rollbacks.Request(
                      to, reason, null, allowIrreversible, dryRun, controllerRuns),
                  ApplyCommand.progressTo(out, environment.name(), engine.verbose));
    }
    out.print(RollbackPrinter.summary(report, dryRun, reason, desired.stateDir().toString()));
    out.flush();
    if (!dryRun && report.rolledBack()) {
      tellWebhooks(state, environment, report);
    }
    return (dryRun ? report.commit() != null && report.error() == null : report.rolledBack())
        ? 0
        : 1;
  }

  /**
   * Sends {@code RolledBack} to the Environment's webhooks, waiting up to 10 s; what is not
   * delivered by then stays queued in the state folder's ledger for the controller to send.
   */
  private void tellWebhooks(DesiredState state, Environment environment, RollbackReport report)
      throws InterruptedException {
    if (environment.spec().notifications().isEmpty()) {
      return;
    }
    try (var notifiers =
        new dev.capstan.notify.EnvironmentNotifiers(
            desired.stateDir(), new dev.capstan.file.FileCredentials())) {
      notifiers.send(
          state.applicationOf(environment),
          environment,
          java.util.List.of(
              dev.capstan.reconcile.EnvironmentNotices.ofRollback(
                  environment.name(),
                  report.leaving(),
                  report.commit(),
                  report.hosts().stream().map(RollbackReport.Host::host).toList(),
                  reason,
                  java.time.Instant.now())));
      notifiers.awaitDelivered(java.time.Duration.ofSeconds(10));
    }
  }
}
