package dev.capstan.cli;

import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.RolloutSpec;
import dev.capstan.reconcile.HostReport;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.RollbackReport;
import dev.capstan.reconcile.Rollbacks;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.reconcile.Waves;
import dev.capstan.release.ProgressListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capstan plan}: observes the hosts and prints what apply would do; changes nothing. */
@Command(name = "plan", description = "Print what apply would do on each host; change nothing.")
final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    boolean allObserved = true;
    try (Rollout rollout = engine.rollout()) {
      for (Environment environment : desired.select(state)) {
        RolloutReport report = rollout.observe(state, environment);
        ApplicationSpec app = state.applicationOf(environment).spec();
        out.println(ReportPrinter.heading(report));
        // As apply does: the first host to switch runs the migrate steps, once, before any switch.
        HostReport migrating =
            report.hosts().stream()
                .filter(h -> h.actions().stream().anyMatch(a -> a.startsWith("switch current to ")))
                .findFirst()
                .orElse(null);
        for (HostReport host : report.hosts()) {
          allObserved &=
              host.state() != HostState.Unreachable
                  && host.state() != HostState.Pending
                  && (host.reason() == null || !host.reason().refusesAccess());
          out.println(ReportPrinter.planLines(host, app, host == migrating));
        }
        printWaves(out, environment, report);
        if (migrating != null && app.django() != null && app.django().migrate()) {
          printMigrations(out, rollout, state, environment, migrating);
        }
      }
    }
    return allObserved ? 0 : 1;
  }

  /**
   * The waves apply would switch the hosts in ({@code waves: 1/3 (canary): a; 2/3: b, c; 3/3: d,
   * each watched for 5s before the next}); nothing when one wave, unwatched, would switch them all.
   */
  private static void printWaves(PrintWriter out, Environment environment, RolloutReport report) {
    RolloutSpec rollout = environment.spec().rollout();
    List<String> switching =
        report.hosts().stream()
            .filter(h -> h.actions().stream().anyMatch(a -> a.startsWith("switch current to ")))
            .map(HostReport::host)
            .toList();
    List<Waves.Wave<String>> waves = Waves.of(switching, rollout);
    if (waves.size() > 1 || (!waves.isEmpty() && rollout.watched())) {
      out.println(
          "  waves: "
              + Waves.describe(waves, rollout)
              + "; more than "
              + rollout.maxFailed()
              + " failed "
              + (rollout.maxFailed() == 1 ? "host" : "hosts")
              + " stop the rollout");
    }
  }

  /**
   * A switch to a release the hosts have already (no build) may go back past migrations the
   * database has: what a rollback would do about them, asked of the migrating host as {@code
   * rollback --dry-run} asks (one more command per host).
   */
  private void printMigrations(
      PrintWriter out,
      Rollout rollout,
      DesiredState state,
      Environment environment,
      HostReport migrating)
      throws Exception {
    if (migrating.actions().stream().anyMatch(a -> a.startsWith("build release "))) {
      return; // a new release: its migrate steps move the database forward
    }
    String target =
        migrating.actions().stream()
            .filter(a -> a.startsWith("switch current to "))
            .map(a -> a.substring("switch current to ".length()).split(" ")[0])
            .findFirst()
            .orElseThrow();
    RollbackReport preview =
        rollout
            .rollbacks()
            .rollBack(
                state,
                environment,
                desired.pins(),
                new Rollbacks.Request(target, null, null, false, true, false),
                ProgressListener.NONE);
    if (preview.migrations() != null) {
      out.println("  migrations: " + preview.migrations().describe());
    }
  }
}
