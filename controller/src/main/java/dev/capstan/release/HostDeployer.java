package dev.capstan.release;

import dev.capstan.host.ExecResult;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.Shell;
import dev.capstan.model.HealthCheckSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a host's planned actions on one open connection, one phase at a time: build,
 * migrate, switch (with activation, health check and rollback), relink and remove. Each method
 * stops at the first failing step and says which.
 */
public final class HostDeployer {

  /** How long each kind of remote command may take. */
  public record Timeouts(Duration build, Duration activate, Duration quick) {
    public static final Timeouts DEFAULT =
        new Timeouts(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofSeconds(60));
  }

  /** The result of a switch: live and healthy, or what went wrong and where the host is now. */
  public record SwitchOutcome(boolean healthy, String live, String failure) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RemoteHost host;
  private final ReleaseLayout layout;
  private final Recipe recipe;
  private final String environment;
  private final Timeouts timeouts;
  private final ProgressListener progress;
  private final StepRunner steps;

  public HostDeployer(
      RemoteHost host, ReleaseLayout layout, Recipe recipe, String environment,
      Timeouts timeouts, ProgressListener progress) {
    this.host = host;
    this.layout = layout;
    this.recipe = recipe;
    this.environment = environment;
    this.timeouts = timeouts;
    this.progress = progress;
    this.steps = new StepRunner(host, layout, environment);
  }

  /**
   * Builds a release in one round trip: upload and extract the tree (gzip tar), link shared
   * paths, give it a virtualenv (reused when one with the same key is complete), run every build
   * step and mark it {@code complete}. Marks it {@code failed} when a step fails.
   *
   * @param lockGuard null, or {@link HostLock#guardScript} to take the lock in the same round
   *     trip; when the lock is busy the result has status {@link HostLock#BUSY} and nothing was
   *     built
   * @return the command's result; {@link Virtualenvs#outcome} reads what became of the virtualenv
   */
  public ExecResult build(Action.BuildRelease action, byte[] treeArchiveGz, String lockGuard)
      throws StepFailedException, HostException {
    String release = action.release();
    progress.buildStarted(host.name(), release);
    report("building " + release + ": " + describeSteps("upload and prepare", recipe.buildSteps()));
    StepScript script = steps.after("prepare", prepareScript(release, action.desired()), release)
        .steps(recipe.buildSteps())
        .step(new Step("mark complete",
            writeReleaseJson(release, action.desired(), ReleaseState.COMPLETE, null)));
    // Under a lock taken in this very command, the name chosen before may have been taken
    // meanwhile: then nothing is done and the caller plans again under the lock.
    String guard = lockGuard == null ? ""
        : lockGuard + "[ ! -e " + Shell.quote(layout.release(release)) + " ] || exit "
            + HostLock.BUSY + "\n";
    ExecResult result = steps.runAfter(guard, script,
        new ByteArrayInputStream(treeArchiveGz), timeouts.build());
    if (lockGuard != null && result.exitStatus() == HostLock.BUSY) {
      return result;
    }
    try {
      steps.succeeded(script, result);
    } catch (StepFailedException e) {
      if (!e.step().equals("prepare")) {
        // A release that failed in prepare may not even be ours (its folder existed): it is
        // left as it is, and one of ours is removed as abandoned by the next prune.
        markState(release, action.desired(), ReleaseState.FAILED, e.step() + ": " + e.detail());
      }
      throw e;
    }
    report("built " + release);
    return result;
  }

  /** Builds the virtualenv of a complete release again; activates and checks it when live. */
  public void repairVirtualenv(Action.RepairVirtualenv action, boolean live)
      throws StepFailedException, HostException {
    report("rebuilding the virtualenv of " + action.release());
    StepScript script = steps.inRelease(action.release()).steps(recipe.virtualenvSteps());
    if (live) {
      script.steps(recipe.activateSteps()).steps(healthSteps());
    }
    steps.run(script, timeouts.build());
  }

  /** Runs the migrate steps in {@code release}: once per rollout, before any switch. */
  public void migrate(String release) throws StepFailedException, HostException {
    report("migrating in " + release + ": " + describeSteps(null, recipe.migrateSteps()));
    steps.run(steps.inRelease(release).steps(recipe.migrateSteps()), timeouts.build());
  }

  /**
   * Switches {@code current}, activates and checks health. On failure with rollbackOnFailure and
   * a previous release: switches back, activates that, and marks the new release failed.
   */
  public SwitchOutcome switchTo(Action.SwitchRelease action, DesiredRelease desired)
      throws HostException {
    String release = action.release();
    String failure = switchActivateCheck(release);
    if (failure == null) {
      return new SwitchOutcome(true, release, null);
    }
    String previous = action.rollbackTo();
    if (!recipe.rollbackOnFailure() || previous == null) {
      String why = previous == null ? "no previous release to roll back to" : "rollbackOnFailure is off";
      return new SwitchOutcome(false, release, failure + " (" + why + ")");
    }
    report("rolling back to " + previous + ": " + firstLine(failure));
    markState(release, desired, ReleaseState.FAILED, failure + "; rolled back to " + previous);
    String rollbackFailure = switchActivateCheck(previous);
    String message = failure + "; rolled back to " + previous
        + (rollbackFailure == null ? "" : ", which also failed: " + rollbackFailure);
    return new SwitchOutcome(false, previous, message);
  }

  /** The live release's health check, to run with the observation; null when there is none. */
  public HealthProbe healthProbe() {
    if (recipe.healthCheck() == null) {
      return null;
    }
    return new HealthProbe(steps.inCurrent().steps(healthSteps()), healthTimeout());
  }

  /** Activates the live release again and checks it: null when it is healthy now. */
  public String reactivate(String release) throws HostException {
    report("activating " + release + " again");
    return failureOf(
        steps.inRelease(release).steps(recipe.activateSteps()).steps(healthSteps()),
        timeouts.activate().plus(healthTimeout()));
  }

  /** Relinks shared paths that went missing from the live release, then activates it again. */
  public void linkShared(Action.LinkShared action) throws StepFailedException, HostException {
    report("relinking " + String.join(", ", action.paths()) + " in " + action.release());
    steps.run(
        steps.after("link shared", linkSharedScript(action.release()), action.release())
            .steps(recipe.activateSteps()),
        timeouts.activate());
  }

  /**
   * Deletes release folders (names checked against the generated pattern first), then the
   * shared virtualenvs no remaining release links to, then runs {@code andThen} (giving the lock
   * back): one round trip.
   */
  public void prune(List<Action.RemoveRelease> removals, String andThen) throws HostException {
    StringBuilder script = new StringBuilder("cd " + Shell.quote(layout.deployPath()) + " || exit 3\n");
    for (Action.RemoveRelease removal : removals) {
      report(removal.describe());
      // Never the live release, even if another deployer switched to it since it was observed.
      String dir = layout.release(removal.release());
      script.append("[ \"$(readlink current)\" = ")
          .append(Shell.quote(ReleaseLayout.currentTarget(removal.release())))
          .append(" ] || rm -rf -- ").append(Shell.quote(dir)).append('\n');
    }
    script.append(Virtualenvs.pruneScript()).append('\n').append(andThen);
    host.exec(script.toString(), timeouts.quick());
  }

  /** Null when the release is live and healthy, else what failed: one round trip. */
  private String switchActivateCheck(String release) throws HostException {
    report("switching current to " + release);
    return failureOf(
        steps.after("switch", switchScript(release), release)
            .steps(recipe.activateSteps())
            .steps(healthSteps()),
        timeouts.activate().plus(healthTimeout()));
  }

  private String failureOf(StepScript script, Duration timeout) throws HostException {
    try {
      steps.run(script, timeout);
      return null;
    } catch (StepFailedException e) {
      return e.step() + ": " + e.detail();
    }
  }

  /** The health check as a step; its retries run on the host, in the same round trip. */
  private List<Step> healthSteps() {
    HealthCheckSpec check = recipe.healthCheck();
    if (check == null) {
      return List.of();
    }
    String loop = String.join(
        "\n",
        "i=0",
        "while :; do",
        "  timeout " + check.timeoutSeconds() + " /bin/sh -c " + Shell.quote(check.command())
            + " && exit 0",
        "  i=$((i + 1)); [ $i -gt " + check.retries() + " ] && exit 1",
        "  sleep " + check.intervalSeconds(),
        "done");
    return List.of(new Step("health check", loop));
  }

  private Duration healthTimeout() {
    HealthCheckSpec check = recipe.healthCheck();
    if (check == null) {
      return Duration.ZERO;
    }
    return Duration.ofSeconds(
        (long) (check.timeoutSeconds() + check.intervalSeconds()) * (check.retries() + 1) + 30);
  }

  private String prepareScript(String release, DesiredRelease desired) {
    String dir = layout.release(release);
    return String.join(
        "\n",
        "set -e",
        "cd " + Shell.quote(layout.deployPath()),
        "mkdir -p releases shared .capstan",
        "mkdir " + Shell.quote(dir) + " " + Shell.quote(dir + "/.capstan"),
        writeReleaseJson(release, desired, ReleaseState.BUILDING, null),
        "tar --no-same-owner -xzf - -C " + Shell.quote(dir),
        "printf '%s\\n' " + Shell.quote(desired.commit()) + " > " + Shell.quote(dir + "/REVISION"),
        linkSharedScript(release));
  }

  /** Links every shared dir (created when missing) and file (required) into the release. */
  private String linkSharedScript(String release) {
    String dir = layout.release(release);
    StringBuilder script = new StringBuilder("set -e\n");
    for (String shared : recipe.shared().dirs()) {
      String source = layout.sharedDir() + "/" + shared;
      script.append("mkdir -p ").append(Shell.quote(source)).append('\n');
      script.append(linkLine(source, dir + "/" + shared));
    }
    for (String shared : recipe.shared().files()) {
      String source = layout.sharedDir() + "/" + shared;
      script.append("[ -e ").append(Shell.quote(source)).append(" ] || { echo ")
          .append(Shell.quote("shared file " + shared + " is missing: create " + source))
          .append(" >&2; exit 4; }\n");
      script.append(linkLine(source, dir + "/" + shared));
    }
    return script.toString();
  }

  private static String linkLine(String source, String link) {
    String quotedLink = Shell.quote(link);
    return "rm -rf -- " + quotedLink + "\n"
        + "mkdir -p \"$(dirname " + quotedLink + ")\"\n"
        + "ln -s " + Shell.quote(source) + " " + quotedLink + "\n";
  }

  /** Replaces {@code current} by renaming a new link over it: never missing, never half-written. */
  private String switchScript(String release) {
    String target = ReleaseLayout.currentTarget(release);
    String logLine = "$(date -u +%Y-%m-%dT%H:%M:%SZ) " + environment + " "
        + "$(cat " + Shell.quote(target + "/REVISION") + ") " + release;
    return String.join(
        "\n",
        "cd " + Shell.quote(layout.deployPath()) + " || exit 3",
        "grep -q '\"state\":\"complete\"' " + Shell.quote(target + "/.capstan/release.json")
            + " || { echo 'release " + release + " is not complete' >&2; exit 5; }",
        "ln -s " + Shell.quote(target) + " current.new.$$ && mv -Tf current.new.$$ current || exit 6",
        "printf '%s\\n' \"" + logLine + "\" >> revisions.log");
  }

  private void markState(
      String release, DesiredRelease desired, ReleaseState state, String message)
      throws HostException {
    host.exec("set -e\n" + writeReleaseJson(release, desired, state, message), timeouts.quick());
  }

  private String writeReleaseJson(
      String release, DesiredRelease desired, ReleaseState state, String message) {
    ObjectNode node = JSON.createObjectNode()
        .put("commit", desired.commit())
        .put("recipe", desired.recipe())
        .put("state", state.wireName())
        .put("environment", environment)
        .put("updated", Instant.now().toString());
    if (message != null) {
      node.put("message", message);
    }
    String json = node.toString();
    String file = layout.release(release) + "/.capstan/release.json";
    return "printf '%s\\n' " + Shell.quote(json) + " > " + Shell.quote(file + ".new")
        + " && mv -f " + Shell.quote(file + ".new") + " " + Shell.quote(file);
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

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
