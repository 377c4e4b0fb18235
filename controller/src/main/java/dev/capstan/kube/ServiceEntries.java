package dev.capstan.kube;

import dev.capstan.kube.crd.ServiceEntry;
import dev.capstan.services.ServiceState;
import java.util.List;

/** Between services' {@link ServiceState} and the status's {@link ServiceEntry}. Pure. */
final class ServiceEntries {

  private ServiceEntries() {}

  /** The entries of a host's services; null when it runs none, so that status leaves them out. */
  static List<ServiceEntry> of(List<ServiceState> services) {
    if (services == null || services.isEmpty()) {
      return null;
    }
    return services.stream().map(ServiceEntries::entry).toList();
  }

  private static ServiceEntry entry(ServiceState service) {
    return new ServiceEntry(
        service.name(),
        ServiceEntry.State.valueOf(service.state().display()),
        service.release(),
        service.pids());
  }
}
