package dev.capstan.cli;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.reconcile.StatusJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capstan status}: per host the live release, its commit and state; text or JSON. */
@Command(name = "status", description = "Show per host: live release, commit, state, drift.")
final class StatusCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { text, json }

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json")
  Format format;

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.load();
    List<RolloutReport> reports = new ArrayList<>();
    try (Rollout rollout = engine.rollout()) {
      for (Environment environment : desired.select(state)) {
        reports.add(rollout.observe(state, environment));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      Instant now = Instant.now();
      out.println(StatusJson.write(reports.stream().map(r -> StatusJson.observed(r, now)).toList()));
    } else {
      reports.forEach(report -> out.print(ReportPrinter.statusTable(report)));
    }
    return 0;
  }
}
