package dev.capstan.reconcile;

/**
 * No host switches unless every host of the Environment is usable: while one is unreachable or
 * failed (to build, say), the hosts that built wait for the next pass, saying why, and the pass
 * stops.
 */
final class WaitForEveryHost implements PassStep {

  @Override
  public Next run(PassState pass) {
    String blocker =
        pass.hosts().stream()
            .filter(h -> !h.usable())
            .findFirst()
            .map(HostRun::describeState)
            .orElse(null);
    if (blocker == null) {
      return Next.CONTINUE;
    }
    pass.holdBack(pass.changing(), blocker);
    return Next.STOP;
  }
}
