package dev.capstan.cli;

import dev.capstan.file.FileStatusStore;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.BackupStatus;
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
    FileStatusStore recorded = new FileStatusStore(desired.stateDir());
    Instant now = Instant.now();
    List<EnvironmentStatus> statuses = new ArrayList<>();
    try (Rollout rollout = engine.rollout()) {
      for (Environment environment : desired.select(state)) {
        RolloutReport report = rollout.observe(state, environment);
        EnvironmentStatus status = withHistory(StatusJson.observed(report, now), recorded);
        if (state.applicationOf(environment).spec().backup() != null) {
          status = status.withBackups(backups(rollout, state, environment));
        }
        statuses.add(status);
      }
    }
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

  /** The backups on the migrating host, as status shows them: what the sidecars say now. */
  private static BackupStatus backups(
      Rollout rollout, DesiredState state, Environment environment) {
    try {
      return BackupStatus.of(rollout.backups().list(state, environment).backups());
    } catch (Exception e) {
      return new BackupStatus(
          new BackupStatus.Entry(null, null, "cannot list the backups: " + e.getMessage()), null);
    }
  }

  private static EnvironmentStatus withHistory(EnvironmentStatus observed, FileStatusStore store) {
    return store
        .read(observed.name())
        .map(recorded -> StatusRecorder.withHistory(observed, recorded))
        .orElse(observed);
  }
}
