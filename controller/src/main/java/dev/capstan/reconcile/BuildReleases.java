package dev.capstan.reconcile;

import dev.capstan.host.HostException;
import dev.capstan.release.Action;
import dev.capstan.release.HostDeployer;
import dev.capstan.release.HostLock;
import dev.capstan.release.ObservedHost;
import dev.capstan.release.ObservedRelease;
import dev.capstan.release.ReleaseState;
import dev.capstan.release.StepFailedException;
import dev.capstan.release.Virtualenvs;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.source.SourceException;
import java.util.List;

/**
 * Builds the missing release on every host that needs it, from one archive of the tree, and repairs
 * broken virtualenvs. A host that fails is Failed; whether the others may switch is the next step's
 * question.
 */
final class BuildReleases implements PassStep {

  @Override
  public Next run(PassState pass) {
    List<HostRun> builders =
        pass.changing().stream().filter(h -> h.plan().build().isPresent()).toList();
    List<HostRun> workers =
        pass.changing().stream()
            .filter(h -> h.plan().build().isPresent() || h.plan().repairVirtualenv().isPresent())
            .toList();
    byte[] archive = null;
    if (!builders.isEmpty()) {
      try {
        archive =
            pass.inputs()
                .sources()
                .treeArchive(pass.inputs().application(), pass.desired().commit());
      } catch (SourceException e) {
        builders.forEach(h -> h.fail(Reason.SourceError, "source: " + e.getMessage()));
        return Next.CONTINUE;
      }
    }
    byte[] tree = archive;
    pass.each(
        workers,
        host -> {
          pass.markChanged();
          if (host.plan().build().isPresent()) {
            build(pass, host, tree);
          } else {
            repair(pass, host);
          }
        },
        pass::failed);
    return Next.CONTINUE;
  }

  private static void repair(PassState pass, HostRun host)
      throws StepFailedException, HostException {
    Action.RepairVirtualenv repair = host.plan().repairVirtualenv().orElseThrow();
    boolean live = repair.release().equals(host.live());
    pass.deployer(host).repairVirtualenv(repair, live);
    host.changed(
        Change.Kind.VIRTUALENV_BROKEN,
        "virtualenv of " + repair.release() + " was broken; rebuilt it");
    if (live) {
      host.ready();
    }
  }

  /**
   * Builds the planned release, taking the lock in the same command. The host is then planned again
   * from what it showed under the lock, with the new release in it: a deployer that got there first
   * changes the switch's rollback target and what is pruned, never the build. When another deployer
   * holds the lock, waits for it as {@link LockHosts} does, then builds if that is still needed.
   */
  private static void build(PassState pass, HostRun host, byte[] tree)
      throws StepFailedException, HostException, InterruptedException {
    Action.BuildRelease build = host.plan().build().orElseThrow();
    HostDeployer deployer = pass.deployer(host);
    ScriptOutput result;
    if (host.lock() == null) {
      HostLock lock = pass.locks().lockFor(host);
      // Held (renewed, given back) from before the command: a long build keeps its lease, and a
      // failing one gives it back. Renewing a lease another holder has changes nothing.
      pass.locks().adopt(host, lock);
      result = deployer.build(build, tree, lock.guardScript(pass.recipe().shared()));
      HostLock.Attempt attempt = lock.attemptOf(result);
      if (attempt.acquired()) {
        ObservedHost withRelease =
            attempt
                .observed()
                .with(
                    new ObservedRelease(
                        build.release(),
                        pass.desired().commit(),
                        pass.desired().recipe(),
                        ReleaseState.COMPLETE));
        pass.replan(host, withRelease);
      } else {
        pass.locks().released(host); // not ours: another deployer has it, or the name was taken
        if (!pass.locks().acquire(host)) {
          return;
        }
        pass.replan(host, host.observed());
        if (host.plan().build().isEmpty()) {
          return; // the other deployer built it
        }
        build = host.plan().build().orElseThrow();
        result = deployer.build(build, tree, null);
      }
    } else {
      result = deployer.build(build, tree, null);
    }
    String virtualenv = Virtualenvs.outcome(result);
    host.changed(
        Change.Kind.RELEASE_REBUILT,
        "built "
            + build.release()
            + (virtualenv == null ? "" : " (virtualenv " + virtualenv + ")"));
  }
}
