package dev.capstan.release;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.migrations.MigrationCheck;
import dev.capstan.migrations.MigrationPlan;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.services.ServiceDrivers;
import dev.capstan.services.ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rolls one host back to a retained release in one remote command: take the lock, pick the release
 * (the host picks it, see {@code rollback.sh}), switch, activate, check health, give the lock back.
 * A host with services rolls them between the switch and the check, which costs their own round
 * trips. Only a failure costs more: the switch back to the release it left, and the lock.
 */
public final class HostRollback {

  private final RemoteHost host;
  private final ReleaseLayout layout;
  private final Recipe recipe;
  private final String environment;
  private final HostLock lock;
  private final StepRunner steps;
  private final ReleaseSteps releaseSteps;
  // The driver of the services is chosen from what the host says in the rollback's command.
  private HostServices services;
  private ReleaseSwitch switcher;
  private final HostDeployer.Timeouts timeouts;
  private final ProgressListener progress;
  private final MigrationSteps migrations;

  /**
   * @param services the host's services and app env; null when the Application has neither
   * @param lock the host's lease, taken and given back by the rollback's own command
   * @param migrations the Django preset's migration steps; null when the app migrates no Django
   *     database
   */
  public HostRollback(
      RemoteHost host,
      ReleaseLayout layout,
      Recipe recipe,
      String environment,
      HostDeployer.Timeouts timeouts,
      ProgressListener progress,
      HostServices services,
      HostLock lock,
      MigrationSteps migrations) {
    this.host = host;
    this.migrations = migrations;
    this.layout = layout;
    this.recipe = recipe;
    this.environment = environment;
    this.services = services;
    this.lock = lock;
    this.timeouts = timeouts;
    this.progress = progress;
    this.steps = new StepRunner(host, layout, environment, progress, services);
    this.releaseSteps = new ReleaseSteps(layout, recipe, environment);
    this.switcher =
        new ReleaseSwitch(host, recipe, steps, releaseSteps, services, timeouts, progress);
  }

  /** Whether services of the Application run on this host (whatever runs them). */
  private boolean hasServices() {
    return services != null && !services.names().isEmpty();
  }

  /**
   * The driver for the services, from the host's answer to {@code capstan_svc_init} in the command:
   * null when it is fine, else why the services cannot be rolled.
   */
  private String chooseDriver(ScriptOutput output) throws HostException {
    ServiceDrivers.HostInit init =
        ServiceDrivers.HostInit.parse(output).orElse(new ServiceDrivers.HostInit(false, null));
    try {
      services =
          services.withDriver(
              ServiceDrivers.choose(
                  services.runtime().supervisor(),
                  init.systemdRuns(),
                  host,
                  layout.deployPath(),
                  timeouts.quick(),
                  init.account()));
    } catch (ServiceException e) {
      return "services: " + e.getMessage();
    }
    switcher = new ReleaseSwitch(host, recipe, steps, releaseSteps, services, timeouts, progress);
    return null;
  }

  /** How long the one command may take, and so how long the lease it takes must last. */
  public static Duration timeout(Recipe recipe, HostDeployer.Timeouts timeouts) {
    return timeouts.activate().plus(ReleaseSteps.healthTimeout(recipe.healthCheck()));
  }

  /**
   * Rolls the host back to {@code target}; {@code by} names who and why in revisions.log.
   *
   * @param checkMigrations whether the command first compares the database's migrations with the
   *     target's and stops before the switch when the target lacks some (the migrating host)
   */
  public RollbackOutcome rollBack(RollbackTarget target, SwitchedBy by, boolean checkMigrations)
      throws HostException {
    progress.progress(host.name(), "rolling back to " + target.describe());
    ScriptOutput output = run(script(target, by, checkMigrations && migrations != null));
    ObservedHost observed = lock.attemptOf(output).observed();
    if (output.exited(Protocol.Exit.BUSY)) {
      String holder = observed.lock() == null ? "another deployer" : observed.lock().holder();
      return new RollbackOutcome(
          RollbackOutcome.Result.BUSY, null, null, null, "locked by " + holder, observed);
    }
    Optional<String[]> picked =
        output.last(Protocol.Marker.ROLLBACK_TARGET).map(HostRollback::fields);
    if (picked.isEmpty()) {
      String why = whyNotPicked(output);
      lock.release();
      RollbackOutcome.Result result =
          output.exited(Protocol.Exit.STEP_FAILED) && failedStep(output, "pick")
              ? RollbackOutcome.Result.NO_TARGET
              : RollbackOutcome.Result.FAILED;
      return new RollbackOutcome(result, null, null, liveName(observed), why, observed);
    }
    String release = picked.get()[0];
    String commit = picked.get()[1];
    ReleaseLayout.requireReleaseName(release);
    RollbackTarget.requireHex(commit);
    String left = "-".equals(picked.get()[2]) ? null : picked.get()[2];
    RollbackOutcome.Result done =
        release.equals(left)
            ? RollbackOutcome.Result.ALREADY_LIVE
            : RollbackOutcome.Result.SWITCHED;
    if (failedStep(output, "migrations check")) {
      lock.release();
      if (output
          .failure()
          .map(
              f ->
                  f.exitStatus() != null
                      && f.exitStatus() == Protocol.Exit.MIGRATIONS_TO_REVERSE.code())
          .orElse(false)) {
        return new RollbackOutcome(
            RollbackOutcome.Result.MIGRATIONS_TO_REVERSE,
            release,
            commit,
            left,
            null,
            observed,
            MigrationSteps.result(output));
      }
      return new RollbackOutcome(
          RollbackOutcome.Result.FAILED,
          release,
          commit,
          left,
          "cannot tell which migrations "
              + release
              + " lacks: "
              + steps.failure(output).getMessage(),
          observed);
    }
    String failure = output.succeeded() ? null : steps.failure(output).getMessage();
    if (failure != null && failedStep(output, "switch")) {
      lock.release();
      return new RollbackOutcome(
          RollbackOutcome.Result.FAILED, release, commit, left, failure, observed);
    }
    if (failure == null && hasServices()) {
      failure = chooseDriver(output);
      if (failure == null) {
        failure = switcher.rollAndCheck(release, null);
      }
    }
    if (failure == null) {
      if (hasServices()) {
        lock.release();
      }
      progress.progress(
          host.name(),
          done == RollbackOutcome.Result.ALREADY_LIVE
              ? release + " was live already"
              : "rolled back from " + (left == null ? "nothing" : left) + " to " + release);
      return new RollbackOutcome(done, release, commit, left, null, observed);
    }
    String message = recover(release, commit, left, failure, observed, by);
    lock.release();
    return new RollbackOutcome(
        RollbackOutcome.Result.FAILED, release, commit, left, message, observed);
  }

  /**
   * What {@link #rollBack} would pick, changing nothing and taking no lock: one command. A result
   * of {@link Result#SWITCHED} means it would switch.
   */
  public RollbackOutcome preview(RollbackTarget target, boolean checkMigrations)
      throws HostException {
    RemoteScript script =
        StepRunner.add(
            RemoteScript.create().append(HostObserver.fragment(layout, recipe.shared())),
            List.of(pick(target)));
    boolean checks = checkMigrations && migrations != null;
    if (checks) {
      StepRunner.add(steps.enterCurrent(script), List.of(migrations.rollbackCheck(layout, false)));
    }
    ScriptOutput output = script.run(host, timeout(recipe, timeouts));
    ObservedHost observed = HostObserver.parse(host.name(), output);
    Optional<String[]> picked =
        output.last(Protocol.Marker.ROLLBACK_TARGET).map(HostRollback::fields);
    if (picked.isEmpty()) {
      String why = whyNotPicked(output);
      return new RollbackOutcome(
          RollbackOutcome.Result.NO_TARGET, null, null, liveName(observed), why, observed);
    }
    String[] f = picked.get();
    String left = "-".equals(f[2]) ? null : f[2];
    RollbackOutcome.Result result =
        f[0].equals(left) ? RollbackOutcome.Result.ALREADY_LIVE : RollbackOutcome.Result.SWITCHED;
    if (checks && !output.succeeded()) {
      return new RollbackOutcome(
          RollbackOutcome.Result.FAILED,
          f[0],
          f[1],
          left,
          "cannot tell which migrations " + f[0] + " lacks: " + steps.failure(output).getMessage(),
          observed);
    }
    MigrationCheck check =
        checks && output.has(Protocol.Marker.DJANGO_MIGRATIONS)
            ? MigrationSteps.result(output)
            : null;
    return new RollbackOutcome(result, f[0], f[1], left, null, observed, check);
  }

  /**
   * Reverses migrations from the live (newer) release, which has their files, under the lock: one
   * command. Null when done, else what failed.
   */
  public String reverse(List<MigrationPlan.Reversal> reversals) throws HostException {
    progress.progress(
        host.name(),
        "reversing migrations: "
            + String.join(
                "; ",
                reversals.stream().map(r -> "migrate " + r.app() + " " + r.target()).toList()));
    RemoteScript script =
        StepRunner.add(
            steps.enterCurrent(RemoteScript.create().append(lock.guardScript(recipe.shared()))),
            migrations.reverse(reversals));
    script.append(lock.releaseScript());
    ScriptOutput output = steps.verbose(script).run(host, timeouts.build());
    if (output.exited(Protocol.Exit.BUSY)) {
      return "the lock is taken by another deployer";
    }
    if (output.succeeded()) {
      return null;
    }
    lock.release();
    return steps.failure(output).getMessage();
  }

  private Step pick(RollbackTarget target) {
    List<String> pick = new ArrayList<>(List.of("capstan_rollback_pick", layout.deployPath()));
    pick.addAll(target.args());
    return Step.builtin("pick", "pick " + target.describe(), pick);
  }

  /**
   * The one command: the lock (observing the host under it), the pick, the switch, then without
   * services the activate steps, the health check and the lock given back.
   */
  private RemoteScript script(RollbackTarget target, SwitchedBy by, boolean checkMigrations) {
    RemoteScript script = RemoteScript.create().append(lock.guardScript(recipe.shared()));
    StepRunner.add(script, List.of(pick(target)));
    if (checkMigrations) {
      StepRunner.add(steps.enterCurrent(script), List.of(migrations.rollbackCheck(layout, true)));
    }
    StepRunner.add(
        script,
        List.of(
            Step.builtin(
                "switch",
                "switch current to the release picked",
                List.of(
                    "capstan_rollback_switch",
                    layout.deployPath(),
                    environment,
                    RevisionsLog.fields(by)))));
    if (hasServices()) {
      return script.append(ServiceDrivers.init());
    }
    steps.enterCurrent(script);
    StepRunner.add(StepRunner.add(script, recipe.activateSteps()), releaseSteps.health());
    return script.append(lock.releaseScript());
  }

  /**
   * After a failed switch, services or check: back to the release it left when rollbackOnFailure
   * and that release is still there, the picked one marked failed. Says what happened.
   */
  private String recover(
      String release,
      String commit,
      String left,
      String failure,
      ObservedHost observed,
      SwitchedBy by)
      throws HostException {
    if (left == null || left.equals(release) || !recipe.rollbackOnFailure()) {
      return failure
          + (left == null || left.equals(release)
              ? ""
              : " (rollbackOnFailure is off: " + release + " stays live)");
    }
    progress.progress(host.name(), "going back to " + left);
    String recipeHash =
        observed.release(release).map(ObservedRelease::recipe).orElse(recipe.hash());
    try {
      steps.run(
          StepRunner.add(
              RemoteScript.create(),
              List.of(
                  releaseSteps.mark(
                      release,
                      new DesiredRelease(commit, recipeHash),
                      ReleaseState.FAILED,
                      failure + "; rolled back to " + left))),
          timeouts.quick());
    } catch (StepFailedException e) {
      failure = failure + "; and it could not be marked failed: " + e.getMessage();
    }
    String back =
        switcher.switchTo(
            left, by == null ? null : by.because("rollback to " + release + " failed"));
    return failure + "; back on " + left + (back == null ? "" : ", which also failed: " + back);
  }

  private ScriptOutput run(RemoteScript script) throws HostException {
    return steps.verbose(script).run(host, timeout(recipe, timeouts));
  }

  /** The pick's own words (its standard error) when it found nothing; else what failed. */
  private static String whyNotPicked(ScriptOutput output) {
    return output
        .failure()
        .map(s -> s.stderrTail().isBlank() ? StepFailedException.describe(s) : s.stderrTail())
        .orElse(output.stderrTail(5))
        .strip();
  }

  private static boolean failedStep(ScriptOutput output, String name) {
    return output.failure().map(s -> s.name().equals(name)).orElse(false);
  }

  private static String liveName(ObservedHost observed) {
    return observed.live().map(ObservedRelease::name).orElse(null);
  }

  private static String[] fields(String args) {
    String[] fields = args.strip().split(" ", 3);
    if (fields.length < 3) {
      throw new IllegalStateException("malformed rollback-target record: " + args);
    }
    return fields;
  }
}
