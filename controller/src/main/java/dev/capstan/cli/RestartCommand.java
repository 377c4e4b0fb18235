package dev.capstan.cli;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.ServiceSpec;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capstan restart}: the services of every host restarted onto its live release, in rollout
 * batches, without a new release; a gunicorn service without a failed request.
 */
@Command(
    name = "restart",
    description =
        "Restart the services on every host, in rollout batches, without a new release;"
            + " exit 1 unless every host is healthy after.")
final class RestartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Option(names = "--service", paramLabel = "S", description = "Only this service (repeatable).")
  List<String> services = List.of();

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    boolean healthy = true;
    try (Rollout rollout = engine.rollout()) {
      for (Environment environment : desired.select(state)) {
        List<String> known =
            state.applicationOf(environment).spec().runtime().services().stream()
                .map(ServiceSpec::name)
                .toList();
        for (String service : services) {
          if (!known.contains(service)) {
            throw new UsageException(
                "environment "
                    + environment.name()
                    + " has no service "
                    + service
                    + (known.isEmpty() ? "" : "; its services: " + String.join(", ", known)));
          }
        }
        RolloutReport report =
            rollout.restart(
                state, environment, services, ApplyCommand.progressTo(out, environment.name()));
        out.println(ReportPrinter.summary(report));
        healthy &= report.converged();
      }
    }
    return healthy ? 0 : 1;
  }
}
