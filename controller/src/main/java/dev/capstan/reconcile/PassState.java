package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.Digests;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.release.DesiredRelease;
import dev.capstan.release.HostDeployer;
import dev.capstan.release.HostPlan;
import dev.capstan.release.HostServices;
import dev.capstan.release.ObservedHost;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.Recipe;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.ReleasePlanner;
import dev.capstan.release.StepFailedException;
import dev.capstan.release.SwitchedBy;
import dev.capstan.services.ServiceDrivers;
import dev.capstan.services.ServiceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the steps of one pass share: its inputs, its hosts, their locks, and what the steps have
 * decided so far (the hosts to change, whether they switched, why the pass held back).
 */
final class PassState implements AutoCloseable {

  /**
   * The inputs of a pass.
   *
   * @param followsBranch the revision is a branch, polled for new commits
   * @param databaseUrl the backup's database URL read on the controller, or null (secret)
   * @param pinsMoved whether the operator's pins changed since the pass began (a rollback, say):
   *     then no more hosts switch, and the next pass follows them
   */
  record Inputs(
      Environment environment,
      Application application,
      Recipe recipe,
      DesiredRelease desired,
      boolean followsBranch,
      SshCredentials ssh,
      HostConnector connector,
      Sources sources,
      Rollout.Settings settings,
      ParallelHosts parallel,
      ProgressListener progress,
      Map<String, byte[]> configFiles,
      String databaseUrl,
      java.util.function.BooleanSupplier pinsMoved) {

    /** Never the URL: it is a secret. */
    @Override
    public String toString() {
      return "Inputs[" + environment.name() + " " + desired + "]";
    }

    /** The same inputs deploying another release. */
    Inputs withDesired(DesiredRelease other) {
      return new Inputs(
          environment,
          application,
          recipe,
          other,
          followsBranch,
          ssh,
          connector,
          sources,
          settings,
          parallel,
          progress,
          configFiles,
          databaseUrl,
          pinsMoved);
    }
  }

  private final Inputs inputs;
  private final ReleaseLayout layout;

  /** One stamp for the pass, so a release has the same name on every host. */
  private final Instant releaseStamp;

  private final HostLocks locks;
  private final HostRuntimes runtimes;

  /** The releases that failed on any host of the Environment, as observed by this pass. */
  private volatile java.util.Set<String> failedInEnvironment = java.util.Set.of();

  /** Per config file path, the SHA-256 of the content it must have on every host. */
  private final Map<String, String> configDigests = new TreeMap<>();

  private final List<HostRun> hosts = new ArrayList<>();
  private List<HostRun> changing = List.of();
  private boolean switched;
  private String heldBack;
  private volatile boolean changed;
  private SwitchedBy switchedBy;

  PassState(Inputs inputs) {
    this.inputs = inputs;
    this.layout = new ReleaseLayout(inputs.application().spec().deployPath());
    this.releaseStamp = inputs.settings().clock().instant();
    this.locks =
        new HostLocks(inputs.settings(), layout, inputs.recipe().shared(), inputs.progress());
    this.runtimes = new HostRuntimes(inputs, layout.deployPath());
    for (HostAddress address : inputs.environment().spec().hosts()) {
      hosts.add(new HostRun(address));
    }
    inputs
        .configFiles()
        .forEach((path, content) -> configDigests.put(path, Digests.sha256Hex(content)));
  }

  /** The host's services and the env its steps get; see {@link HostRuntimes#services}. */
  HostServices services(HostRun host) {
    return runtimes.services(host);
  }

  /** See {@link HostRuntimes#chooseDriver}. */
  boolean chooseDriver(HostRun host, ServiceDrivers.HostInit init) throws ServiceException {
    return runtimes.chooseDriver(host, init);
  }

  /** The config files' contents, for writing; never logged. */
  Map<String, byte[]> configFiles() {
    return inputs.configFiles();
  }

  /**
   * Takes a new observation of the host and plans from it; an observation that did not look at
   * processes and config files (one made with the lock) keeps what the pass saw of them.
   */
  void replan(HostRun host, ObservedHost fresh) {
    ObservedHost merged = fresh.withRuntimeOf(host.observed());
    host.observed(merged, plan(host, merged));
  }

  Inputs inputs() {
    return inputs;
  }

  Recipe recipe() {
    return inputs.recipe();
  }

  DesiredRelease desired() {
    return inputs.desired();
  }

  ReleaseLayout layout() {
    return layout;
  }

  HostLocks locks() {
    return locks;
  }

  ProgressListener progress() {
    return inputs.progress();
  }

  /** Every host of the Environment, in the order the spec lists them. */
  List<HostRun> hosts() {
    return hosts;
  }

  /** Runs {@code task} on each of {@code some} at once; see {@link ParallelHosts#each}. */
  void each(List<HostRun> some, ParallelHosts.HostTask task, ParallelHosts.FailureHandler failure) {
    inputs.parallel().each(some, task, failure);
  }

  /** The hosts that are usable and not in sync now. */
  List<HostRun> needingChange() {
    return hosts.stream().filter(HostRun::needsChange).toList();
  }

  /** The hosts this pass changes: empty until chosen, once every host is observed. */
  List<HostRun> changing() {
    return changing;
  }

  void changing(List<HostRun> hostsToChange) {
    changing = List.copyOf(hostsToChange);
  }

  /** Something on some host was changed (built, switched, relinked, activated again). */
  void markChanged() {
    changed = true;
  }

  boolean switched() {
    return switched;
  }

  void switched(boolean allSwitched) {
    switched = allSwitched;
  }

  void heldBack(String why) {
    heldBack = why;
  }

  /** Hosts that built but may not switch wait for the next pass; they say why. */
  void holdBack(List<HostRun> waiting, String why) {
    waiting.stream()
        .filter(HostRun::usable)
        .filter(HostRun::undecided)
        .forEach(h -> h.fail(Reason.Pending, "not switched: " + why));
  }

  HostPlan plan(HostRun host, ObservedHost observed) {
    // A virtualenv Capstan does not make (no python section) is not Capstan's to repair.
    ObservedHost relevant =
        recipe().virtualenvSteps().isEmpty() ? observed.withoutBrokenVirtualenvs() : observed;
    return ReleasePlanner.plan(
        desired(),
        relevant,
        inputs.application().spec().keepReleases(),
        releaseStamp,
        configDigests,
        services(host),
        failedInEnvironment);
  }

  /** Every host seen: these releases failed on one of them. */
  void failedInEnvironment(java.util.Set<String> releases) {
    failedInEnvironment = java.util.Set.copyOf(releases);
  }

  /** Who this pass's switches are by, as {@code revisions.log} records; null: no one named. */
  SwitchedBy switchedBy() {
    return switchedBy;
  }

  void switchedBy(SwitchedBy by) {
    this.switchedBy = by;
  }

  HostDeployer deployer(HostRun host) {
    return new HostDeployer(
        host.connection(),
        layout,
        recipe(),
        inputs.environment().name(),
        inputs.settings().timeouts(),
        progress(),
        services(host));
  }

  /** The host could not be connected to or observed; the summary says why, once. */
  void unreachable(HostRun host, Exception error) {
    failed(host, error);
  }

  /**
   * A step failed on the host, or the host refused or dropped Capstan. Progress only names the
   * reason: the message is shown once, in the summary and status.
   */
  void failed(HostRun host, Exception error) {
    if (error instanceof StepFailedException step) {
      host.failedCommit(Failures.ofStep(step.step(), false), desired().commit(), step.getMessage());
    } else if (error instanceof HostException refused) {
      host.fail(Failures.of(refused.kind()), refused.detail());
    } else {
      host.fail(Reason.StepFailed, error.getMessage());
    }
    progress().progress(host.name(), "failed (" + host.reason() + ")");
  }

  RolloutReport report() {
    Environment environment = inputs.environment();
    List<HostReport> reports = hosts.stream().map(HostRun::report).toList();
    return new RolloutReport(
        environment.name(),
        environment.spec().revision(),
        desired().commit(),
        reports,
        null,
        null,
        changed,
        inputs.followsBranch(),
        heldBack);
  }

  /** Gives every lock back and closes every connection, even when the pass was interrupted. */
  @Override
  public void close() {
    boolean interrupted = Thread.interrupted();
    locks.close();
    for (HostRun host : hosts) {
      if (host.connection() != null) {
        host.connection().close();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
