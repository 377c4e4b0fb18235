package dev.capstan.cli;

import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.HostReport;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import java.io.PrintWriter;
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
      }
    }
    return allObserved ? 0 : 1;
  }
}
