package dev.capstan.reconcile;

import java.util.List;

/**
 * {@code capstan restart}: every host with a live release, in batches of {@code
 * rollout.maxParallel}, is locked and its services (all, or those named) restarted onto that
 * release the way a switch does it (a gunicorn service one process at a time on its kept socket),
 * then checked. A host that fails stops the batches after it; no release is built or switched.
 */
final class RestartServices implements PassStep {

  private final List<String> only;

  /**
   * @param only the services to restart; empty for all
   */
  RestartServices(List<String> only) {
    this.only = List.copyOf(only);
  }

  @Override
  public Next run(PassState pass) {
    List<HostRun> live = pass.hosts().stream().filter(h -> h.usable() && h.live() != null).toList();
    pass.changing(live);
    int batchSize = pass.inputs().environment().spec().rollout().maxParallel();
    for (int start = 0; start < live.size(); start += batchSize) {
      List<HostRun> batch = live.subList(start, Math.min(live.size(), start + batchSize));
      pass.each(batch, host -> restart(pass, host), pass::failed);
      HostRun broken =
          batch.stream().filter(h -> h.state() != HostState.Ready).findFirst().orElse(null);
      if (broken != null) {
        pass.holdBack(
            live.subList(start + batch.size(), live.size()),
            "restart stopped: " + broken.describeState());
        break;
      }
    }
    return Next.CONTINUE;
  }

  private void restart(PassState pass, HostRun host) throws Exception {
    if (!pass.locks().acquire(host)) {
      return;
    }
    pass.markChanged();
    List<String> names = only.isEmpty() ? pass.services(host).names() : only;
    String failure = pass.deployer(host).restartServices(host.live(), names);
    host.services(pass.deployer(host).serviceStates(host.live()));
    if (failure != null) {
      host.fail(Reason.HealthCheckFailed, failure);
    } else {
      host.ready("restarted " + String.join(", ", names));
    }
  }
}
