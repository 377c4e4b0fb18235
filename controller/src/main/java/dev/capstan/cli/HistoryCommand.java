package dev.capstan.cli;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.EnvironmentHistory;
import dev.capstan.reconcile.Rollout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capstan history}: per host, newest first, each release with its commit and subject, when
 * it was built, its state, whether it is live, and when and by whom it was switched to and from.
 */
@Command(
    name = "history",
    description =
        "Show per host, newest first: release, commit, subject, built at, state, live, when it"
            + " was switched to and from, by whom and why.")
final class HistoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (a table, the default) or json")
  StatusCommand.Format format;

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    List<EnvironmentHistory.Report> reports = new ArrayList<>();
    try (Rollout rollout = engine.rollout()) {
      for (Environment environment : desired.select(state)) {
        reports.add(rollout.history(state, environment));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == StatusCommand.Format.json) {
      out.println(HistoryPrinter.json(reports));
    } else {
      out.print(HistoryPrinter.table(reports));
    }
    out.flush();
    return 0;
  }
}
