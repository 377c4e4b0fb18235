package dev.capstan.reconcile;

import dev.capstan.host.HostException;
import dev.capstan.release.Action;
import dev.capstan.release.HostLock;
import java.util.List;

/**
 * The closing step of a pass that changed hosts: removes what the plan marked (after a pass that
 * did not switch everywhere only broken releases, never complete ones) and unused virtualenvs, and
 * gives the lock back, in one round trip per host.
 */
final class PruneAndUnlock implements PassStep {

  @Override
  public Next run(PassState pass) {
    boolean switched = pass.switched();
    pass.each(
        pass.changing().stream().filter(h -> h.lock() != null).toList(),
        host -> {
          List<Action.RemoveRelease> removals =
              host.plan().removals().stream()
                  .filter(r -> switched || !r.why().removesComplete())
                  .toList();
          // Off the heartbeat first: a renewal racing the release inside the command could rewrite
          // the owner file of a deployer that took the lock in between.
          HostLock lock = host.lock();
          pass.locks().released(host);
          try {
            pass.deployer(host).prune(removals, lock.releaseScript());
          } catch (HostException e) {
            lock.release(); // the prune failed; the lock must still go back (or expire)
            throw e;
          }
          if (host.undecided() && host.plan().switchRelease().isEmpty()) {
            host.ready();
          }
        },
        (host, e) -> pass.progress().progress(host.name(), "prune failed: " + e.getMessage()));
    return Next.CONTINUE;
  }
}
