package dev.capstan.reconcile;

import java.util.List;

/**
 * Hosts already in sync whose live release failed the health check that rode along with the
 * observation are locked, activated again and checked once more (a dead service is the usual
 * cause).
 */
final class ReactivateUnhealthy implements PassStep {

  @Override
  public Next run(PassState pass) {
    List<HostRun> unhealthy =
        pass.hosts().stream().filter(h -> h.inSync() && h.healthFailure() != null).toList();
    pass.each(
        unhealthy,
        host -> {
          if (!pass.locks().acquire(host)) {
            return;
          }
          pass.markChanged();
          String target = host.plan().target();
          String still = pass.deployer(host).reactivate(target);
          if (still != null) {
            host.fail(
                Reason.HealthCheckFailed, "health check failing after activating again: " + still);
          } else {
            host.changed(
                Change.Kind.UNHEALTHY, "health check failed; activated " + target + " again");
          }
        },
        pass::failed);
    return Next.CONTINUE;
  }
}
