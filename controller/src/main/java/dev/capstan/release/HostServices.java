package dev.capstan.release;

import dev.capstan.host.HostException;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.remote.RemoteScript;
import dev.capstan.services.ObservedProcesses;
import dev.capstan.services.ServiceDriver;
import dev.capstan.services.ServiceDrivers;
import dev.capstan.services.ServiceException;
import dev.capstan.services.ServicePlan;
import dev.capstan.services.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Application's services and runtime environment on one host, as the release engine uses them:
 * what they are from a release (pure), what observation adds to its round trip, and the driver that
 * rolls them. A host none of whose services runs on it (roles) has none.
 *
 * @param driver null when the Application has no services, or until the host said which init runs
 * @param asksInit whether the observation asks the host which init runs (see {@link
 *     ServiceDrivers#init})
 */
public record HostServices(
    RuntimeSpec runtime,
    HostSpec host,
    String deployPath,
    String python,
    ServiceDriver driver,
    Duration settle,
    boolean asksInit) {

  /** How long a service's process may take to come up with a new release. */
  public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(60);

  /** Services whose observation does not ask the host which init runs. */
  public HostServices(
      RuntimeSpec runtime,
      HostSpec host,
      String deployPath,
      String python,
      ServiceDriver driver,
      Duration settle) {
    this(runtime, host, deployPath, python, driver, settle, false);
  }

  /**
   * The Application's services and env on {@code host}, with no driver chosen yet: what a one-off
   * command, a rollback or a backup gives its steps (the driver, when needed, comes later).
   */
  public static HostServices of(dev.capstan.model.ApplicationSpec app, HostSpec host) {
    return new HostServices(
        app.runtime(), host, app.deployPath(), Recipe.of(app).python(), null, DEFAULT_SETTLE);
  }

  /** The services of {@code runtime} that run on this host, from {@code release}. */
  public ServicePlan plan(String release) {
    return ServicePlan.of(runtime, host, deployPath, release, python);
  }

  /** Whether any service runs on this host. */
  public boolean any() {
    return driver != null && runtime.services().stream().anyMatch(s -> s.runsOn(host.roles()));
  }

  /** These services, run by {@code chosen}. */
  public HostServices withDriver(ServiceDriver chosen) {
    return new HostServices(runtime, host, deployPath, python, chosen, settle, asksInit);
  }

  /** The names of the services that run on this host. */
  public List<String> names() {
    return runtime.services().stream()
        .filter(s -> s.runsOn(host.roles()))
        .map(s -> s.name())
        .toList();
  }

  /**
   * What the observation adds: the config files' digests and the watched files' digest, then what
   * the driver reports of the processes.
   */
  RemoteScript.Fragment observation() {
    List<String> args = new ArrayList<>(List.of(deployPath + "/shared"));
    runtime.configFiles().forEach(f -> args.add(f.path()));
    args.add("watched");
    args.addAll(ServicePlan.watchedFiles(runtime, deployPath));
    RemoteScript.Fragment files =
        RemoteScript.Fragment.of("capstan_observe_files", args.toArray(String[]::new));
    if (asksInit) {
      files = files.then(ServiceDrivers.init());
    }
    return any() ? files.then(driver.observation()) : files;
  }

  /** Each service's state against {@code release} in what the observation reported. */
  public List<ServiceState> conformance(String release, ObservedProcesses observed) {
    if (!any()) {
      return List.of();
    }
    return driver.conformance(plan(release), observed);
  }

  /** Makes every service run {@code release}; nothing when there are none. */
  void roll(String release) throws HostException, ServiceException {
    if (any()) {
      driver.roll(plan(release), settle);
    }
  }

  /** The tail of each service's own log, for a message about a failed check. */
  String logTails() throws HostException {
    if (!any()) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (String name : names()) {
      text.append(ServiceDrivers.logBlock(name, ServiceDrivers.lastWords(driver, name)));
    }
    return text.toString();
  }

  /** The env every recipe step gets: the Application's, then the host's. */
  public Map<String, String> stepEnv() {
    Map<String, String> env = new java.util.LinkedHashMap<>(runtime.env());
    env.putAll(host.env());
    return env;
  }

  /** The env files every recipe step reads first, as absolute paths. */
  public List<String> stepEnvFiles() {
    return runtime.envFiles().stream().map(f -> deployPath + "/shared/" + f).toList();
  }
}
