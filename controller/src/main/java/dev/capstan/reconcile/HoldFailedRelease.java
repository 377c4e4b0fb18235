package dev.capstan.reconcile;

/**
 * A release of the desired commit and recipe failed on some host: the commit is held back, nothing
 * is built or switched again until the revision or the recipe moves on, in the controller's passes
 * and in {@code capstan apply} alike; only {@code capstan retry} deploys it once more. Stops the
 * pass when that is the case.
 */
final class HoldFailedRelease implements PassStep {

  @Override
  public Next run(PassState pass) {
    HostRun failedOn =
        pass.hosts().stream()
            .filter(h -> h.usable() && h.failedDesiredRelease() != null)
            .findFirst()
            .orElse(null);
    if (failedOn == null) {
      return Next.CONTINUE;
    }
    var failed = failedOn.failedDesiredRelease();
    String why =
        "commit "
            + pass.desired().shortCommit()
            + " is held back: its release "
            + failed.name()
            + " failed on "
            + failedOn.name()
            + (failed.updated() == null ? "" : " at " + failed.updated())
            + "; a new commit lifts this, `capstan retry` deploys it once more";
    pass.needingChange().stream()
        .filter(h -> h != failedOn)
        .forEach(h -> h.fail(Reason.Pending, why));
    pass.heldBack(why);
    return Next.STOP;
  }
}
