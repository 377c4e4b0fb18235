package dev.capstan.reconcile;

import dev.capstan.release.LockInfo;

/**
 * For {@code plan} and {@code status}, which take no lock: a host that needs a change while another
 * deployer's lease on it is live is Waiting with reason LockBusy, in the words {@code apply} uses
 * when it gives up waiting.
 */
final class ShowLockHolders implements PassStep {

  @Override
  public Next run(PassState pass) {
    for (HostRun host : pass.needingChange()) {
      LockInfo lock = host.observed().lock();
      if (lock != null && lock.expiresEpochSecond() > host.observed().hostEpochSecond()) {
        host.fail(Reason.LockBusy, "locked by " + lock.holder());
      }
    }
    return Next.CONTINUE;
  }
}
