package dev.capstan.reconcile;

/**
 * No host switches unless every host of the Environment is usable: while one is unreachable or
 * failed (to build, say), the hosts that built wait for the next pass, saying why, and the pass
 * stops. With {@code rollout.maxFailed}, up to that many such hosts may be left behind: they count
 * against the rollout's failure budget (see {@link FailureBudget}).
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
    long unusable = pass.hosts().stream().filter(h -> !h.usable()).count();
    if (unusable <= pass.inputs().environment().spec().rollout().maxFailed()) {
      return Next.CONTINUE;
    }
    pass.holdBack(pass.changing(), blocker);
    return Next.STOP;
  }
}
