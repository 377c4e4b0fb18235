package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.release.Action;
import dev.capstan.release.DesiredRelease;
import dev.capstan.release.HealthProbe;
import dev.capstan.release.HostDeployer;
import dev.capstan.release.HostLock;
import dev.capstan.release.HostObserver;
import dev.capstan.release.ObservedHost;
import dev.capstan.release.ObservedRelease;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.Recipe;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.ReleasePlanner;
import dev.capstan.release.ReleaseState;
import dev.capstan.release.StepFailedException;
import dev.capstan.release.Virtualenvs;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.source.SourceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over one Environment, phase by phase: connect and observe, lock the hosts that need
 * change, build on all of them, migrate once, switch in batches, prune, unlock. A host that fails
 * keeps its live release; no host switches unless every host built.
 */
final class EnvironmentPass implements AutoCloseable {

  private final Environment environment;
  private final Application application;
  private final Recipe recipe;
  private final DesiredRelease desired;
  private final boolean followsBranch;
  private String heldBack;
  private final SshCredentials ssh;
  private final HostConnector connector;
  private final Sources sources;
  private final Rollout.Settings settings;
  private final ParallelHosts parallel;
  private final ProgressListener progress;
  private final ReleaseLayout layout;
  private final List<HostRun> hosts = new ArrayList<>();
  /** One stamp for the pass, so a release has the same name on every host. */
  private final Instant releaseStamp;
  private final HostLocks locks;
  private volatile boolean changed;

  EnvironmentPass(
      Environment environment, Application application, Recipe recipe, DesiredRelease desired,
      boolean followsBranch, SshCredentials ssh, HostConnector connector, Sources sources, Rollout.Settings settings,
      ParallelHosts parallel, ProgressListener progress) {
    this.environment = environment;
    this.application = application;
    this.recipe = recipe;
    this.desired = desired;
    this.followsBranch = followsBranch;
    this.ssh = ssh;
    this.connector = connector;
    this.sources = sources;
    this.settings = settings;
    this.parallel = parallel;
    this.progress = progress;
    this.layout = new ReleaseLayout(application.spec().deployPath());
    this.releaseStamp = settings.clock().instant();
    this.locks = new HostLocks(settings, layout, recipe.shared(), progress);
    for (HostAddress address : environment.spec().hosts()) {
      hosts.add(new HostRun(address));
    }
  }

  RolloutReport observeOnly() {
    connectAndObserve(false);
    return report(null);
  }

  RolloutReport converge(Rollout.Options options) {
    connectAndObserve(options.verifyHealth());
    if (!options.retryFailedRelease() && holdFailedRelease()) {
      return report(null);
    }
    if (options.verifyHealth()) {
      verifyHealth();
    }
    List<HostRun> toChange = needingChange();
    if (toChange.isEmpty()) {
      hosts.stream().filter(HostRun::usable).forEach(h -> progress.progress(h.name(), "in sync"));
      return report(null);
    }
    // A host that builds takes its lock in the build's own round trip.
    lock(toChange.stream().filter(h -> h.plan.build().isEmpty()).toList());
    toChange = needingChange();
    boolean built = build(toChange);
    String blocker = switchBlocker();
    boolean switched = false;
    if (built && blocker == null) {
      switched = migrate(toChange) && switchInBatches(toChange);
      relink(toChange);
    } else {
      holdBack(toChange, blocker);
    }
    prune(toChange, switched);
    return report(null);
  }

  /** Connects and observes every host; with {@code probeHealth}, checks live releases too. */
  private void connectAndObserve(boolean probeHealth) {
    parallel.each(hosts, host -> {
      host.connection = connector.open(host.address, ssh);
      HealthProbe probe = probeHealth ? deployer(host).healthProbe() : null;
      HostObserver.Observation observation =
          HostObserver.observe(host.connection, layout, recipe.shared(), probe);
      host.observed(observation.host(), plan(observation.host()));
      host.healthFailure = observation.healthFailure();
    }, this::unreachable);
  }

  /**
   * A release of the desired commit and recipe failed on some host: nothing is built or switched
   * again until the revision or the recipe moves on. True when that is the case.
   */
  private boolean holdFailedRelease() {
    HostRun failedOn = hosts.stream()
        .filter(h -> h.usable() && h.plan != null && h.failedDesiredRelease() != null)
        .findFirst().orElse(null);
    if (failedOn == null) {
      return false;
    }
    String why = "release " + failedOn.failedDesiredRelease().name() + " of this commit failed on "
        + failedOn.name() + "; waiting for a new revision";
    needingChange().stream().filter(h -> h != failedOn).forEach(h -> h.fail(HostState.Pending, why));
    heldBack = why;
    return true;
  }

  /**
   * Hosts already in sync whose live release failed the health check that rode along with the
   * observation are locked, activated again and checked once more (a dead service is the usual
   * cause).
   */
  private void verifyHealth() {
    List<HostRun> unhealthy = hosts.stream()
        .filter(h -> h.usable() && h.plan != null && h.plan.inSync() && h.healthFailure != null)
        .toList();
    parallel.each(unhealthy, host -> {
      if (!locks.acquire(host)) {
        return;
      }
      changed = true;
      String still = deployer(host).reactivate(host.plan.target());
      if (still != null) {
        host.fail(HostState.Failed, "health check failing after activating again: " + still);
      } else {
        host.changes.add("health check failed; activated " + host.plan.target() + " again");
      }
    }, this::failed);
  }

  private List<HostRun> needingChange() {
    return hosts.stream().filter(h -> h.usable() && h.plan != null && !h.plan.inSync()).toList();
  }

  private void lock(List<HostRun> toChange) {
    parallel.each(toChange, host -> {
      if (locks.acquire(host)) {
        // Observed again under the lock: another deployer may have changed the host meanwhile.
        host.observed(host.observed, plan(host.observed));
      }
    }, this::unreachable);
  }

  /**
   * Builds the missing release on every host that needs it, from one archive of the tree, and
   * repairs broken virtualenvs; true when every host that had to is done.
   */
  private boolean build(List<HostRun> toChange) {
    List<HostRun> builders = toChange.stream().filter(h -> h.plan.build().isPresent()).toList();
    List<HostRun> repairers =
        toChange.stream().filter(h -> h.plan.repairVirtualenv().isPresent()).toList();
    byte[] archive = null;
    if (!builders.isEmpty()) {
      try {
        archive = sources.treeArchive(application, desired.commit());
      } catch (SourceException e) {
        builders.forEach(h -> h.fail(HostState.Failed, "source: " + e.getMessage()));
        return false;
      }
    }
    byte[] tree = archive;
    parallel.each(toChange.stream().filter(h -> builders.contains(h) || repairers.contains(h)).toList(),
        host -> {
          changed = true;
          if (host.plan.build().isPresent()) {
            buildRelease(host, tree);
          } else {
            Action.RepairVirtualenv repair = host.plan.repairVirtualenv().orElseThrow();
            boolean live = repair.release().equals(host.live);
            deployer(host).repairVirtualenv(repair, live);
            host.changes.add("virtualenv of " + repair.release() + " was broken; rebuilt it");
            if (live) {
              host.state = HostState.Ready;
            }
          }
        }, this::failed);
    return toChange.stream()
        .filter(h -> builders.contains(h) || repairers.contains(h))
        .allMatch(HostRun::usable);
  }

  /**
   * Builds the planned release, taking the lock in the same command. The host is then planned
   * again from what it showed under the lock, with the new release in it: a deployer that got
   * there first changes the switch's rollback target and what is pruned, never the build.
   * When another deployer holds the lock, waits for it as {@link #lock} does, then builds if
   * that is still needed.
   */
  private void buildRelease(HostRun host, byte[] tree)
      throws StepFailedException, HostException, InterruptedException {
    Action.BuildRelease build = host.plan.build().orElseThrow();
    HostDeployer deployer = deployer(host);
    ScriptOutput result;
    if (host.lock == null) {
      HostLock lock = locks.lockFor(host);
      // Held (renewed, given back) from before the command: a long build keeps its lease, and a
      // failing one gives it back. Renewing a lease another holder has changes nothing.
      locks.adopt(host, lock);
      result = deployer.build(build, tree, lock.guardScript(recipe.shared()));
      HostLock.Attempt attempt = lock.attemptOf(result);
      if (attempt.acquired()) {
        ObservedHost withRelease = attempt.observed().with(new ObservedRelease(
            build.release(), desired.commit(), desired.recipe(), ReleaseState.COMPLETE));
        host.observed(withRelease, plan(withRelease));
      } else {
        locks.released(host); // not ours: another deployer has it, or the release name was taken
        if (!locks.acquire(host)) {
          return;
        }
        host.observed(host.observed, plan(host.observed));
        if (host.plan.build().isEmpty()) {
          return; // the other deployer built it
        }
        build = host.plan.build().orElseThrow();
        result = deployer.build(build, tree, null);
      }
    } else {
      result = deployer.build(build, tree, null);
    }
    String virtualenv = Virtualenvs.outcome(result);
    host.changes.add("built " + build.release()
        + (virtualenv == null ? "" : " (virtualenv " + virtualenv + ")"));
  }

  /** Why no host may switch yet: an unreachable or failed host anywhere in the Environment. */
  private String switchBlocker() {
    return hosts.stream()
        .filter(h -> !h.usable())
        .findFirst()
        .map(h -> h.name() + " is " + h.state + (h.message == null ? "" : ": " + h.message))
        .orElse(null);
  }

  private boolean migrate(List<HostRun> toChange) {
    HostRun first = toChange.stream()
        .filter(h -> h.plan.switchRelease().isPresent()).findFirst().orElse(null);
    if (first == null || recipe.migrateSteps().isEmpty()) {
      return true;
    }
    try {
      deployer(first).migrate(first.plan.target());
      return true;
    } catch (StepFailedException | HostException e) {
      failed(first, e);
      holdBack(toChange, first.name() + " failed to migrate");
      return false;
    }
  }

  private boolean switchInBatches(List<HostRun> toChange) {
    List<HostRun> switching =
        toChange.stream().filter(h -> h.plan.switchRelease().isPresent()).toList();
    int batchSize = environment.spec().rollout().maxParallel();
    for (int start = 0; start < switching.size(); start += batchSize) {
      List<HostRun> batch = switching.subList(start, Math.min(switching.size(), start + batchSize));
      parallel.each(batch, this::switchHost, this::failed);
      HostRun broken = batch.stream().filter(h -> h.state != HostState.Ready).findFirst().orElse(null);
      if (broken != null) {
        holdBack(switching.subList(start + batch.size(), switching.size()),
            broken.name() + " failed: " + broken.message);
        return false;
      }
    }
    return true;
  }

  private void switchHost(HostRun host) throws HostException {
    changed = true;
    Action.SwitchRelease action = host.plan.switchRelease().orElseThrow();
    host.changes.add(switchReason(host, action));
    HostDeployer.SwitchOutcome outcome = deployer(host).switchTo(action, desired);
    host.live = outcome.live();
    if (outcome.healthy()) {
      host.liveCommit = desired.commit();
      host.state = HostState.Ready;
      host.message = "switched to " + outcome.live();
    } else if (!outcome.live().equals(action.release())) {
      host.liveCommit = host.observed.release(outcome.live()).map(r -> r.commit()).orElse(null);
      host.fail(HostState.RolledBack, outcome.failure());
    } else {
      host.liveCommit = desired.commit();
      host.fail(HostState.Failed, outcome.failure());
    }
  }

  /** Why {@code current} moved, in the words drift reports use. */
  private static String switchReason(HostRun host, Action.SwitchRelease action) {
    String before = host.observed.currentTarget();
    if (host.plan.build().isPresent()) {
      return before == null ? "switched to " + action.release()
          : "switched from " + before + " to " + action.release();
    }
    return before == null ? "current was missing; switched to " + action.release()
        : "current pointed at " + before + "; switched to " + action.release();
  }

  private void relink(List<HostRun> toChange) {
    List<HostRun> relinking = toChange.stream()
        .filter(h -> h.usable() && h.plan.linkShared().isPresent()).toList();
    parallel.each(relinking, host -> {
      changed = true;
      Action.LinkShared relink = host.plan.linkShared().orElseThrow();
      deployer(host).linkShared(relink);
      host.changes.add("shared link missing (" + String.join(", ", relink.paths()) + "); relinked");
      host.state = HostState.Ready;
    }, this::failed);
  }

  /** Hosts that built but may not switch wait for the next pass; they say why. */
  private void holdBack(List<HostRun> waiting, String why) {
    waiting.stream()
        .filter(HostRun::usable)
        .filter(h -> h.state == null)
        .forEach(h -> h.fail(HostState.Pending, "not switched: " + why));
  }

  /**
   * Removes what the plan marked (after a failed pass only broken releases, never complete ones)
   * and unused virtualenvs, and gives the lock back, in one round trip.
   */
  private void prune(List<HostRun> toChange, boolean switched) {
    parallel.each(toChange.stream().filter(h -> h.lock != null).toList(), host -> {
      List<Action.RemoveRelease> removals = host.plan.removals().stream()
          .filter(r -> switched || r.why() != Action.Why.RETENTION)
          .toList();
      // Off the heartbeat first: a renewal racing the release inside the command could rewrite
      // the owner file of a deployer that took the lock in between.
      HostLock lock = host.lock;
      locks.released(host);
      try {
        deployer(host).prune(removals, lock.releaseScript());
      } catch (HostException e) {
        lock.release(); // the prune failed; the lock must still go back (or expire)
        throw e;
      }
      if (host.state == null && host.plan.switchRelease().isEmpty()) {
        host.state = HostState.Ready;
      }
    }, (host, e) -> progress.progress(host.name(), "prune failed: " + e.getMessage()));
  }

  private dev.capstan.release.HostPlan plan(ObservedHost observed) {
    // A virtualenv Capstan does not make (no python section) is not Capstan's to repair.
    ObservedHost relevant =
        recipe.virtualenvSteps().isEmpty() ? observed.withoutBrokenVirtualenvs() : observed;
    return ReleasePlanner.plan(
        desired, relevant, application.spec().keepReleases(), releaseStamp);
  }

  private HostDeployer deployer(HostRun host) {
    return new HostDeployer(
        host.connection, layout, recipe, environment.name(), settings.timeouts(), progress);
  }

  private void unreachable(HostRun host, Exception error) {
    host.fail(HostState.Unreachable, error.getMessage());
    progress.progress(host.name(), "unreachable: " + error.getMessage());
  }

  private void failed(HostRun host, Exception error) {
    host.fail(HostState.Failed, error.getMessage());
    progress.progress(host.name(), "failed: " + error.getMessage());
  }

  private RolloutReport report(String error) {
    List<HostReport> reports = hosts.stream().map(HostRun::report).toList();
    return new RolloutReport(
        environment.name(), environment.spec().revision(), desired.commit(), reports, error, changed,
        followsBranch, heldBack);
  }

  @Override
  public void close() {
    // A cancelled pass arrives here interrupted; the locks must still be given back.
    boolean interrupted = Thread.interrupted();
    locks.close();
    for (HostRun host : hosts) {
      if (host.connection != null) {
        host.connection.close();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
