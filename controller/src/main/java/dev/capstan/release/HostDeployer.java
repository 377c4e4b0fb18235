package dev.capstan.release;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Carries out a host's planned actions on one open connection, one phase at a time: build, migrate,
 * switch (with activation, health check and rollback), relink and remove. Each method stops at the
 * first failing step and says which.
 */
public final class HostDeployer {

  /** How long each kind of remote command may take. */
  public record Timeouts(Duration build, Duration activate, Duration quick) {
    public static final Timeouts DEFAULT =
        new Timeouts(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofSeconds(60));
  }

  /** The result of a switch: live and healthy, or what went wrong and where the host is now. */
  public record SwitchOutcome(boolean healthy, String live, String failure) {}

  private final RemoteHost host;
  private final ReleaseLayout layout;
  private final Recipe recipe;
  private final Timeouts timeouts;
  private final ProgressListener progress;
  private final StepRunner steps;
  private final ReleaseSteps releaseSteps;
  private final HostServices services;
  private final ReleaseSwitch switcher;

  public HostDeployer(
      RemoteHost host,
      ReleaseLayout layout,
      Recipe recipe,
      String environment,
      Timeouts timeouts,
      ProgressListener progress) {
    this(host, layout, recipe, environment, timeouts, progress, null);
  }

  /**
   * @param services the host's services and the env every step gets; null when the Application has
   *     neither
   */
  public HostDeployer(
      RemoteHost host,
      ReleaseLayout layout,
      Recipe recipe,
      String environment,
      Timeouts timeouts,
      ProgressListener progress,
      HostServices services) {
    this.host = host;
    this.layout = layout;
    this.recipe = recipe;
    this.timeouts = timeouts;
    this.progress = progress;
    this.services = services;
    this.steps = new StepRunner(host, layout, environment, progress, services);
    this.releaseSteps = new ReleaseSteps(layout, recipe, environment);
    this.switcher =
        new ReleaseSwitch(host, recipe, steps, releaseSteps, services, timeouts, progress);
  }

  /**
   * Writes the planned config files into {@code shared/} (mode 0600, each renamed into place),
   * their contents on standard input: one round trip. Progress and errors name the paths only.
   */
  public void writeConfigFiles(Action.WriteConfigFiles action, Map<String, byte[]> contents)
      throws StepFailedException, HostException {
    report("writing " + String.join(", ", action.paths()));
    List<String> call = new ArrayList<>(List.of("capstan_write_config", layout.sharedDir()));
    call.addAll(action.paths());
    RemoteScript script =
        StepRunner.add(
            RemoteScript.create(),
            List.of(
                Step.builtin("config files", "write " + String.join(", ", action.paths()), call)));
    steps.run(
        script,
        new ByteArrayInputStream(ConfigFiles.tar(contents, action.paths())),
        timeouts.quick());
  }

  /**
   * Each service's state against {@code release} now, in one round trip; empty when the host runs
   * no services.
   */
  public List<dev.capstan.services.ServiceState> serviceStates(String release)
      throws HostException {
    if (services == null || !services.any()) {
      return List.of();
    }
    ScriptOutput output =
        RemoteScript.create().append(services.observation()).run(host, timeouts.quick());
    return services.conformance(release, dev.capstan.services.ObservedProcesses.parse(output));
  }

  /**
   * Restarts the named services onto the live {@code release}, then checks it: null when healthy.
   */
  public String restartServices(String release, List<String> names) throws HostException {
    return switcher.rollAndCheck(release, names);
  }

  /** Starts or restarts the live release's services that do not run as planned, then checks it. */
  public String correctServices(Action.CorrectServices action) throws HostException {
    return switcher.rollAndCheck(action.release(), action.names());
  }

  /**
   * Builds a release in one round trip: upload and extract the tree (gzip tar), link shared paths,
   * give it a virtualenv (reused when one with the same key is complete), run every build step and
   * mark it {@code complete}. Marks it {@code failed} when a step fails.
   *
   * @param lockGuard null, or {@link HostLock#guardScript} to take the lock in the same round trip;
   *     when the lock is busy the result has status {@link HostLock#BUSY} and nothing was built
   * @return what the command reported; {@link Virtualenvs#outcome} reads what became of the
   *     virtualenv, {@link HostLock#attemptOf} of the lock
   */
  public ScriptOutput build(
      Action.BuildRelease action, byte[] treeArchiveGz, RemoteScript.Fragment lockGuard)
      throws StepFailedException, HostException {
    String release = action.release();
    progress.buildStarted(host.name(), release);
    report("building " + release + ": " + describeSteps("upload and prepare", recipe.buildSteps()));
    RemoteScript script = RemoteScript.create();
    if (lockGuard != null) {
      // Under a lock taken in this very command, the name chosen before may have been taken
      // meanwhile: then nothing is done and the caller plans again under the lock.
      script.append(lockGuard).call("capstan_require_absent", layout.release(release));
    }
    steps.after(script, releaseSteps.prepare(release, action.desired()), release);
    StepRunner.add(script, recipe.buildSteps());
    StepRunner.add(
        script, List.of(releaseSteps.mark(release, action.desired(), ReleaseState.COMPLETE, null)));
    ScriptOutput output =
        steps.verbose(script).run(host, new ByteArrayInputStream(treeArchiveGz), timeouts.build());
    if (lockGuard != null && output.exited(Protocol.Exit.BUSY)) {
      return output;
    }
    try {
      steps.succeeded(output);
    } catch (StepFailedException e) {
      if (!e.step().equals("prepare")) {
        // A release that failed in prepare may not even be ours (its folder existed): it is
        // left as it is, and one of ours is removed as abandoned by the next prune.
        markState(release, action.desired(), ReleaseState.FAILED, e.getMessage());
      }
      throw e;
    }
    report("built " + release);
    return output;
  }

  /** Builds the virtualenv of a complete release again; activates and checks it when live. */
  public void repairVirtualenv(Action.RepairVirtualenv action, boolean live)
      throws StepFailedException, HostException {
    report("rebuilding the virtualenv of " + action.release());
    RemoteScript script =
        StepRunner.add(steps.inRelease(action.release()), recipe.virtualenvSteps());
    if (live) {
      StepRunner.add(StepRunner.add(script, recipe.activateSteps()), releaseSteps.health());
    }
    steps.run(script, timeouts.build());
  }

  /**
   * What of the database's migrations {@code release} lacks, asked of the live release (which has
   * their files): one round trip. The host must have a live release.
   *
   * @throws StepFailedException when the database cannot be read, or {@code release} was built
   *     before Capstan recorded its migrations
   */
  public dev.capstan.migrations.MigrationCheck migrationsLacking(
      MigrationSteps migrations, String release) throws StepFailedException, HostException {
    ScriptOutput output =
        steps.run(
            StepRunner.add(
                steps.enterCurrent(RemoteScript.create()),
                List.of(migrations.check(layout, release))),
            timeouts.build());
    return MigrationSteps.result(output);
  }

  /** Runs the migrate steps in {@code release}: once per rollout, before any switch. */
  public void migrate(String release) throws StepFailedException, HostException {
    report("migrating in " + release + ": " + describeSteps(null, recipe.migrateSteps()));
    steps.run(StepRunner.add(steps.inRelease(release), recipe.migrateSteps()), timeouts.build());
  }

  /**
   * Switches {@code current}, activates and checks health. On failure with rollbackOnFailure and a
   * previous release: switches back, activates that, and marks the new release failed.
   */
  public SwitchOutcome switchTo(Action.SwitchRelease action, DesiredRelease desired)
      throws HostException {
    return switchTo(action, desired, null);
  }

  /**
   * As {@link #switchTo(Action.SwitchRelease, DesiredRelease)}, {@code revisions.log} naming who
   * switched and why ({@code by} null: no one named); a switch back names them too, with the
   * failure as its reason.
   */
  public SwitchOutcome switchTo(Action.SwitchRelease action, DesiredRelease desired, SwitchedBy by)
      throws HostException {
    String release = action.release();
    String failure = switchActivateCheck(release, by);
    if (failure == null) {
      return new SwitchOutcome(true, release, null);
    }
    String previous = action.rollbackTo();
    if (!recipe.rollbackOnFailure() || previous == null) {
      String why =
          previous == null ? "no previous release to roll back to" : "rollbackOnFailure is off";
      return new SwitchOutcome(false, release, failure + " (" + why + ")");
    }
    String rollbackFailure = switchBack(release, previous, desired, by, failure);
    String message =
        failure
            + "; rolled back to "
            + previous
            + (rollbackFailure == null ? "" : ", which also failed: " + rollbackFailure);
    return new SwitchOutcome(false, previous, message);
  }

  /**
   * Sends the host from {@code release} back to {@code previous} (still on disk): marks {@code
   * release} failed for {@code why}, switches, activates and checks {@code previous}. Null when
   * {@code previous} is live and healthy, else what failed. A switch that failed its own check
   * comes here, and so does every host of a rollout stopped after a later wave.
   */
  public String switchBack(
      String release, String previous, DesiredRelease desired, SwitchedBy by, String why)
      throws HostException {
    report("rolling back to " + previous);
    markState(release, desired, ReleaseState.FAILED, why + "; rolled back to " + previous);
    return switchActivateCheck(
        previous, by == null ? null : by.because("rolled back: " + release + " failed"));
  }

  /** The live release's health check, to run with the observation; null when there is none. */
  public HealthProbe healthProbe() {
    if (recipe.healthCheck() == null) {
      return null;
    }
    return new HealthProbe(steps, releaseSteps.health(), releaseSteps.healthTimeout());
  }

  /** Activates the live release again and checks it: null when it is healthy now. */
  public String reactivate(String release) throws HostException {
    return switcher.reactivate(release);
  }

  /** Relinks shared paths that went missing from the live release, then activates it again. */
  public void linkShared(Action.LinkShared action) throws StepFailedException, HostException {
    report("relinking " + String.join(", ", action.paths()) + " in " + action.release());
    RemoteScript script = steps.after(releaseSteps.linkShared(action.release()), action.release());
    steps.run(StepRunner.add(script, recipe.activateSteps()), timeouts.activate());
  }

  /**
   * Deletes release folders (names checked against the generated pattern first), then the shared
   * virtualenvs no remaining release links to, then runs {@code andThen} (giving the lock back):
   * one round trip.
   */
  public void prune(List<Action.RemoveRelease> removals, RemoteScript.Fragment andThen)
      throws HostException {
    List<String> call = new ArrayList<>(List.of(layout.deployPath()));
    for (Action.RemoveRelease removal : removals) {
      report(removal.describe());
      call.add(ReleaseLayout.currentTarget(removal.release()));
    }
    RemoteScript.create().call("capstan_prune", call).append(andThen).run(host, timeouts.quick());
  }

  /** Null when the release is live, its services run it and it is healthy, else what failed. */
  private String switchActivateCheck(String release, SwitchedBy by) throws HostException {
    return switcher.switchTo(release, by);
  }

  private void markState(String release, DesiredRelease desired, ReleaseState state, String message)
      throws HostException {
    StepRunner.add(
            RemoteScript.create(), List.of(releaseSteps.mark(release, desired, state, message)))
        .run(host, timeouts.quick());
  }

  private void report(String message) {
    progress.progress(host.name(), message);
  }

  private static String describeSteps(String first, List<Step> steps) {
    List<String> names = new ArrayList<>();
    if (first != null) {
      names.add(first);
    }
    steps.forEach(step -> names.add(step.name()));
    return String.join(", ", names);
  }
}
