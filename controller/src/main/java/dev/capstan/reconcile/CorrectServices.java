package dev.capstan.reconcile;

import dev.capstan.release.Action;
import dev.capstan.services.ServiceState;

/**
 * Hosts whose live release stays but whose services do not run as planned (Down, Stale, or about to
 * read config files just written): starts or restarts those services with the least action (a
 * gunicorn service one process at a time on its kept socket), then checks health.
 */
final class CorrectServices implements PassStep {

  @Override
  public Next run(PassState pass) {
    pass.each(
        pass.changing().stream()
            .filter(h -> h.usable() && h.undecided() && h.plan().correctServices().isPresent())
            .toList(),
        host -> {
          pass.markChanged();
          Action.CorrectServices correct = host.plan().correctServices().orElseThrow();
          String failure = pass.deployer(host).correctServices(correct);
          for (ServiceState service : correct.services()) {
            host.changed(kind(service, correct.configChanged()), describe(service));
          }
          host.services(pass.deployer(host).serviceStates(correct.release()));
          if (failure != null) {
            host.fail(Reason.HealthCheckFailed, failure);
          }
        },
        pass::failed);
    return Next.CONTINUE;
  }

  private static Change.Kind kind(ServiceState service, boolean configChanged) {
    if (service.state() == ServiceState.State.DOWN) {
      return Change.Kind.SERVICE_DOWN;
    }
    return service.running() && configChanged
        ? Change.Kind.CONFIG_FILE_CHANGED
        : Change.Kind.SERVICE_STALE;
  }

  private static String describe(ServiceState service) {
    return switch (service.state()) {
      case DOWN -> "service " + service.name() + " was down; started";
      case STALE -> "service " + service.name() + " " + service.detail() + "; restarted";
      case RUNNING -> "service " + service.name() + " restarted for its changed config files";
    };
  }
}
