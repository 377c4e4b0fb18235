package dev.capstan.reconcile;

import java.util.List;

/** Chooses the hosts that are not in sync; when there are none, says so and stops the pass. */
final class ChooseHostsToChange implements PassStep {

  /** What a host in sync reports; the controller logs it at DEBUG, every drift interval. */
  static final String IN_SYNC = "in sync";

  @Override
  public Next run(PassState pass) {
    List<HostRun> toChange = pass.needingChange();
    if (toChange.isEmpty()) {
      pass.hosts().stream()
          .filter(HostRun::usable)
          .forEach(h -> pass.progress().progress(h.name(), IN_SYNC));
      return Next.STOP;
    }
    pass.changing(toChange);
    return Next.CONTINUE;
  }
}
