package dev.capstan.reconcile;

import dev.capstan.release.HealthProbe;
import dev.capstan.release.HostObserver;
import dev.capstan.release.HostServices;

/**
 * Connects to every host and observes it in one round trip, then plans it; with {@code probeHealth}
 * the live release's health check rides along. A host that cannot be reached is Unreachable.
 */
final class ObserveHosts implements PassStep {

  private final boolean probeHealth;

  ObserveHosts(boolean probeHealth) {
    this.probeHealth = probeHealth;
  }

  @Override
  public Next run(PassState pass) {
    pass.each(
        pass.hosts(),
        host -> {
          host.connected(pass.inputs().connector().open(host.address(), pass.inputs().ssh()));
          pass.chooseDriver(host, null);
          HostObserver.Observation observation = observe(pass, host);
          if (pass.chooseDriver(host, observation.init())) {
            observation = observe(pass, host); // systemd runs there: its units are observed now
          }
          HostServices services = pass.services(host);
          host.observed(observation.host(), pass.plan(host, observation.host()));
          host.healthFailure(observation.healthFailure());
          if (services != null && host.live() != null) {
            host.services(services.conformance(host.live(), observation.host().processes()));
          }
        },
        pass::unreachable);
    return Next.CONTINUE;
  }

  private HostObserver.Observation observe(PassState pass, HostRun host) throws Exception {
    HealthProbe probe = probeHealth ? pass.deployer(host).healthProbe() : null;
    return HostObserver.observe(
        host.connection(), pass.layout(), pass.recipe().shared(), pass.services(host), probe);
  }
}
