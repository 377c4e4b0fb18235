package dev.capstan.cli;

import dev.capstan.file.FileStatusStore;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.reconcile.StatusJson;
import dev.capstan.reconcile.StatusRecorder;
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
  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (a table, the default) or json")
  Format format;

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    List<RolloutReport> reports = new ArrayList<>();
    try (Rollout rollout = engine.rollout()) {
      for (Environment environment : desired.select(state)) {
        reports.add(rollout.observe(state, environment));
      }
    }
    FileStatusStore recorded = new FileStatusStore(desired.stateDir());
    Instant now = Instant.now();
    List<EnvironmentStatus> statuses =
        reports.stream()
            .map(report -> withHistory(StatusJson.observed(report, now), recorded))
            .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(StatusJson.write(statuses));
    } else {
      out.print(ReportPrinter.statusTable(statuses, now));
    }
    // The writer flushes on println only: without this, the table never left the buffer.
    out.flush();
    return 0;
  }

  private static EnvironmentStatus withHistory(EnvironmentStatus observed, FileStatusStore store) {
    return store
        .read(observed.name())
        .map(recorded -> StatusRecorder.withHistory(observed, recorded))
        .orElse(observed);
  }
}
