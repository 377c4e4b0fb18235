package dev.capstan.reconcile;

/**
 * A release of the desired commit and recipe failed on some host: nothing is built or switched
 * again until the revision or the recipe moves on (the controller's continuous passes; {@code
 * capstan apply} tries again). Stops the pass when that is the case.
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
    String why =
        "release "
            + failedOn.failedDesiredRelease().name()
            + " of this commit failed on "
            + failedOn.name()
            + "; waiting for a new revision";
    pass.needingChange().stream()
        .filter(h -> h != failedOn)
        .forEach(h -> h.fail(Reason.Pending, why));
    pass.heldBack(why);
    return Next.STOP;
  }
}
