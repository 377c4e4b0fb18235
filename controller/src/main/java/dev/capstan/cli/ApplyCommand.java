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

  @picocli.CommandLine.Option(
      names = "--ignore-windows",
      description = "Roll out even while a deny window is active or no allow window is open.")
  boolean ignoreWindows;

  @Override
  public Integer call() throws Exception {
    return converge(spec, desired, engine, Rollout.Options.ONE_SHOT, ignoreWindows);
  }

  /** Converges each selected Environment once with {@code options}: 0 when all converged. */
  static int converge(
      CommandSpec spec, DesiredStateOptions desired, EngineOptions engine, Rollout.Options options)
      throws Exception {
    return converge(spec, desired, engine, options, false);
  }

  static int converge(
      CommandSpec spec,
      DesiredStateOptions desired,
      EngineOptions engine,
      Rollout.Options options,
      boolean ignoreWindows)
      throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    noteRunningController(out, desired);
    boolean converged = true;
    try (Rollout rollout = engine.rollout()) {
      for (Environment selected : desired.select(state)) {
        Environment environment = gated(out, desired, state, rollout, selected, ignoreWindows);
        if (environment == null) {
          converged = false;
          continue;
        }
        RolloutReport report =
            rollout.apply(
                state, environment, progressTo(out, environment.name(), engine.verbose), options);
        out.println(ReportPrinter.summary(report));
        converged &= report.converged();
      }
    }
    return converged ? 0 : 1;
  }

  /**
   * The Environment as the deploy windows and its promotion let it roll out now, saying why when
   * they hold it (null: nothing may run); {@code --ignore-windows} lifts the windows, and says so.
   */
  private static Environment gated(
      PrintWriter out,
      DesiredStateOptions desired,
      DesiredState state,
      Rollout rollout,
      Environment environment,
      boolean ignoreWindows) {
    var store = new dev.capstan.file.FileStatusStore(desired.stateDir());
    var own = store.read(environment.name()).orElse(null);
    var from = environment.spec().promoteFrom();
    var source = from == null ? null : store.read(from.environment()).orElse(null);
    java.time.Instant now = java.time.Instant.now();
    Environment considered = environment;
    if (ignoreWindows && !environment.spec().windows().isEmpty()) {
      var verdict = new dev.capstan.windows.DeployWindows(environment.spec().windows()).at(now);
      if (!verdict.permitted()) {
        out.println(
            environment.name()
                + ": --ignore-windows: rolling out although "
                + verdict.blockingWindow()
                + " holds new rollouts");
      }
      considered =
          new Environment(
              environment.name(),
              environment.spec().withWindows(java.util.List.of()),
              environment.baseDir());
    }
    dev.capstan.reconcile.RolloutGate.Gated gated =
        dev.capstan.reconcile.RolloutGate.gate(
            considered,
            own == null ? null : own.commit(),
            source,
            source == null ? null : readySince(source),
            now,
            revision -> rollout.resolve(state.applicationOf(environment), revision));
    if (gated.hold() != null) {
      out.println(
          environment.name()
              + ": "
              + gated.hold().pendingRevision()
              + " not rolled out: "
              + gated.hold().blockedBy()
              + (gated.hold().nextOpenAt() == null
                  ? ""
                  : "; it may from " + gated.hold().nextOpenAt())
              + (environment.spec().windows().isEmpty() ? "" : " (--ignore-windows overrides)"));
    }
    return gated.environment();
  }

  /** When the source's Ready condition last turned True: as near as a saved status tells. */
  private static java.time.Instant readySince(dev.capstan.reconcile.EnvironmentStatus source) {
    return source.conditions().stream()
        .filter(c -> c.type().equals(dev.capstan.reconcile.Condition.READY))
        .filter(c -> c.status() == dev.capstan.reconcile.ConditionStatus.True)
        .map(dev.capstan.reconcile.Condition::lastTransitionTime)
        .findFirst()
        .orElse(null);
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
