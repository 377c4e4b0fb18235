package dev.capstan.cli;

import dev.capstan.file.ControllerMark;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.release.ProgressListener;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capstan apply}: converges every selected Environment once, with progress per host. */
@Command(
    name = "apply",
    description = "Converge once, printing progress per host; exit 1 unless all converged.")
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    return converge(spec, desired, engine, Rollout.Options.ONE_SHOT);
  }

  /** Converges each selected Environment once with {@code options}: 0 when all converged. */
  static int converge(
      CommandSpec spec, DesiredStateOptions desired, EngineOptions engine, Rollout.Options options)
      throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    noteRunningController(out, desired);
    boolean converged = true;
    try (Rollout rollout = engine.rollout()) {
      for (Environment environment : desired.select(state)) {
        RolloutReport report =
            rollout.apply(
                state, environment, progressTo(out, environment.name(), engine.verbose), options);
        out.println(ReportPrinter.summary(report));
        converged &= report.converged();
      }
    }
    return converged ? 0 : 1;
  }

  /** Says so when a running controller manages the same state folder: whether one does. */
  static boolean noteRunningController(PrintWriter out, DesiredStateOptions desired) {
    return ControllerMark.running(desired.stateDir())
        .map(
            c -> {
              out.println(
                  "note: a controller (capstan run, pid "
                      + c.pid()
                      + ", since "
                      + c.started()
                      + ") manages this desired state; this command acts beside it");
              return true;
            })
        .orElse(false);
  }

  /** Progress as lines {@code ENVIRONMENT HOST: message}. */
  static ProgressListener progressTo(PrintWriter out, String environment) {
    return progressTo(out, environment, false);
  }

  static ProgressListener progressTo(PrintWriter out, String environment, boolean verbose) {
    return new ProgressListener() {
      @Override
      public void progress(String host, String message) {
        ApplyCommand.progress(out, environment, host, message);
      }

      @Override
      public boolean verbose() {
        return verbose;
      }
    };
  }

  private static void progress(PrintWriter out, String environment, String host, String message) {
    synchronized (out) {
      out.println(environment + " " + host + ": " + message);
      out.flush();
    }
  }
}
