package dev.capstan.reconcile;

/**
 * Locks the hosts to change that build nothing (a host that builds takes its lock in the build's
 * own round trip) and plans them again from what they showed under the lock: another deployer may
 * have changed them meanwhile. Hosts that no longer need a change drop out.
 */
final class LockHosts implements PassStep {

  @Override
  public Next run(PassState pass) {
    pass.each(
        pass.changing().stream()
            // Config files are written before the build, so under the lock too.
            .filter(h -> h.plan().build().isEmpty() || h.plan().writeConfigFiles().isPresent())
            .toList(),
        host -> {
          if (pass.locks().acquire(host)) {
            pass.replan(host, host.observed());
          }
        },
        pass::unreachable);
    pass.changing(pass.needingChange());
    return Next.CONTINUE;
  }
}
