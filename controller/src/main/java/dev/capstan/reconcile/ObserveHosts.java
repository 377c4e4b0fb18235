package dev.capstan.reconcile;

import dev.capstan.release.HealthProbe;
import dev.capstan.release.HostObserver;
import dev.capstan.release.HostServices;
import dev.capstan.release.ObservedHost;
import dev.capstan.release.ObservedRelease;
import dev.capstan.release.ReleaseState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Connects to every host and observes it in one round trip, then plans every host once all are
 * seen; with {@code probeHealth} the live release's health check rides along. A host that cannot be
 * reached is Unreachable.
 */
final class ObserveHosts implements PassStep {

  private final boolean probeHealth;

  ObserveHosts(boolean probeHealth) {
    this.probeHealth = probeHealth;
  }

  @Override
  public Next run(PassState pass) {
    Map<HostRun, ObservedHost> observed = new ConcurrentHashMap<>();
    pass.each(
        pass.hosts(),
        host -> {
          host.connected(pass.inputs().connector().open(host.address(), pass.inputs().ssh()));
          pass.chooseDriver(host, null);
          HostObserver.Observation observation = observe(pass, host);
          if (pass.chooseDriver(host, observation.init())) {
            observation = observe(pass, host); // systemd runs there: its units are observed now
          }
          host.healthFailure(observation.healthFailure());
          observed.put(host, observation.host());
        },
        pass::unreachable);
    // Planned once every host is seen: a release that failed on one is no good on any other.
    pass.failedInEnvironment(
        observed.values().stream()
            .flatMap(h -> h.releases().stream())
            .filter(r -> r.state() == ReleaseState.FAILED)
            .map(ObservedRelease::name)
            .collect(Collectors.toSet()));
    for (HostRun host : pass.hosts()) {
      ObservedHost seen = observed.get(host);
      if (seen == null) {
        continue;
      }
      host.observed(seen, pass.plan(host, seen));
      HostServices services = pass.services(host);
      if (services != null && host.live() != null) {
        host.services(services.conformance(host.live(), seen.processes()));
      }
    }
    return Next.CONTINUE;
  }

  private HostObserver.Observation observe(PassState pass, HostRun host) throws Exception {
    HealthProbe probe = probeHealth ? pass.deployer(host).healthProbe() : null;
    return HostObserver.observe(
        host.connection(), pass.layout(), pass.recipe().shared(), pass.services(host), probe);
  }
}
