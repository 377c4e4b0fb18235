package dev.capstan.reconcile;

import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.Supervisor;
import dev.capstan.release.HostServices;
import dev.capstan.services.ServiceDriver;
import dev.capstan.services.ServiceDrivers;
import dev.capstan.services.ServiceException;

/**
 * Per host of a pass, what its app's processes run with: the env its steps get and which driver
 * runs its services, chosen from what the host says of its init.
 */
final class HostRuntimes {

  private final PassState.Inputs inputs;
  private final String deployPath;

  HostRuntimes(PassState.Inputs inputs, String deployPath) {
    this.inputs = inputs;
    this.deployPath = deployPath;
  }

  /**
   * The host's services and the env its steps get; null when the Application sets none of env,
   * envFiles, configFiles and services (its commands are then exactly what they were before).
   */
  HostServices services(HostRun host) {
    RuntimeSpec runtime = inputs.application().spec().runtime();
    HostSpec spec = inputs.environment().spec().hostSpec(host.address());
    if (runtime.equals(RuntimeSpec.NONE) && spec.env().isEmpty()) {
      return null;
    }
    return new HostServices(
        runtime,
        spec,
        deployPath,
        inputs.recipe().python(),
        host.driver(),
        HostServices.DEFAULT_SETTLE,
        asksInit());
  }

  /**
   * Chooses what runs the host's services from what the host said of its init ({@code null}: not
   * asked yet). {@code supervisor: auto} takes supervisord until the host says systemd runs, so a
   * host without systemd is observed in one round trip; {@code systemd} waits for the answer.
   *
   * @return whether the driver changed, so the host must be observed again with it
   */
  boolean chooseDriver(HostRun host, ServiceDrivers.HostInit init) throws ServiceException {
    RuntimeSpec runtime = inputs.application().spec().runtime();
    if (runtime.services().isEmpty()) {
      return false;
    }
    if (init == null && runtime.supervisor() == Supervisor.SYSTEMD) {
      return false;
    }
    ServiceDrivers.HostInit known = init == null ? new ServiceDrivers.HostInit(false, null) : init;
    ServiceDriver before = host.driver();
    ServiceDriver chosen =
        ServiceDrivers.choose(
            runtime.supervisor(),
            known.systemdRuns(),
            host.connection(),
            deployPath,
            inputs.settings().timeouts().quick(),
            known.account());
    boolean changed = before == null || before.getClass() != chosen.getClass();
    if (changed) {
      host.driver(chosen);
    }
    return changed && before != null;
  }

  /** Whether observing the host asks it which init runs (services not run by supervisord). */
  boolean asksInit() {
    RuntimeSpec runtime = inputs.application().spec().runtime();
    return !runtime.services().isEmpty() && runtime.supervisor() != Supervisor.SUPERVISORD;
  }
}
