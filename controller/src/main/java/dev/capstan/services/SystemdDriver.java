package dev.capstan.services;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.services.SystemdUnits.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Runs a plan's services as systemd units ({@link SystemdUnits}) on one host: the deploy user's own
 * manager ({@code systemctl --user}), or the system's when the deploy user is root. Each call is
 * one remote script of the {@code capstan_svc_sd_*} functions (dev/capstan/remote/services.sh).
 */
public final class SystemdDriver implements ServiceDriver {

  /** The system manager's folder for units written by an administrator. */
  public static final String SYSTEM_UNIT_DIR = "/etc/systemd/system";

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]*");

  /** What reaches a unit file's path or a shell pattern: absolute, nothing that splits a record. */
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/@+-]*");

  /**
   * The deploy user on the host, as {@code capstan_svc_init} reported it: root gets system units,
   * anyone else user units in its home.
   */
  public record Account(long uid, String user, String home) {

    public Account {
      if (!SystemdUnits.isUserName(user)) {
        throw new IllegalArgumentException("not a user name: " + user);
      }
      if (uid != 0 && (home == null || !PATH.matcher(home).matches())) {
        throw new IllegalArgumentException("user " + user + " has no usable home folder: " + home);
      }
    }

    public Scope scope() {
      return uid == 0 ? Scope.SYSTEM : Scope.USER;
    }

    /** Where this scope's manager reads units that a user wrote. */
    public String unitDir() {
      return scope() == Scope.SYSTEM ? SYSTEM_UNIT_DIR : home + "/.config/systemd/user";
    }
  }

  private final RemoteHost host;
  private final String deployPath;
  private final Duration timeout;
  private final Scope scope;
  private final String unitDir;
  private final String user;
  private final String prefix;

  /**
   * @param timeout for each remote command
   */
  public SystemdDriver(RemoteHost host, String deployPath, Duration timeout, Account account) {
    this(host, deployPath, timeout, account.scope(), account.unitDir(), account.user());
  }

  /** With the unit folder given: tests put it in a temporary folder. */
  SystemdDriver(
      RemoteHost host,
      String deployPath,
      Duration timeout,
      Scope scope,
      String unitDir,
      String user) {
    if (!PATH.matcher(deployPath).matches() || !PATH.matcher(unitDir).matches()) {
      throw new IllegalArgumentException("not a deploy path and unit folder: " + deployPath);
    }
    this.host = host;
    this.deployPath = deployPath;
    this.timeout = timeout;
    this.scope = scope;
    this.unitDir = unitDir;
    this.user = user;
    this.prefix = SystemdUnits.prefix(deployPath);
  }

  @Override
  public RemoteScript.Fragment observation() {
    return RemoteScript.Fragment.of("capstan_svc_sd_status", scope(), unitDir, deployPath, prefix);
  }

  /**
   * As for supervisord, from the same records. systemd runs one main process per service, a
   * gunicorn master included (no second master: the socket unit holds the listener), so each
   * service is asked for one process under its own name.
   */
  @Override
  public List<ServiceState> conformance(ServicePlan plan, ObservedProcesses observed) {
    return plan.runs().stream()
        .map(run -> observed.conformance(run, List.of(run.name()), false))
        .toList();
  }

  /**
   * Writes the units and launchers that changed, removes (stopped and disabled first) the units of
   * services no longer planned, enables those not enabled, runs {@code daemon-reload} only when a
   * unit file or an enablement changed, and starts the gunicorn sockets (a no-op when they listen).
   * Fails, naming the command to run, when user units would not outlive the session.
   *
   * @return the paths written or removed
   */
  public List<String> install(ServicePlan plan) throws HostException, ServiceException {
    if (!plan.deployPath().equals(deployPath)) {
      throw new IllegalArgumentException("a plan for " + plan.deployPath() + ", not " + deployPath);
    }
    String launchDir = SystemdUnits.launchDir(deployPath);
    RemoteScript script =
        RemoteScript.create()
            .call("capstan_svc_sd_check", scope())
            .call("capstan_svc_sd_folders", unitDir, launchDir);
    for (GeneratedFile file : SystemdUnits.generate(plan, scope, unitDir, user)) {
      boolean unit = file.path().startsWith(unitDir + "/") && !file.path().endsWith(".sh");
      script.call(
          unit ? "capstan_svc_sd_write" : "capstan_svc_write",
          file.path(),
          file.mode(),
          file.content());
    }
    List<String> keep = new ArrayList<>(List.of(scope(), unitDir, deployPath, prefix, launchDir));
    List<String> enable = new ArrayList<>(List.of(scope()));
    List<String> sockets = new ArrayList<>(List.of(scope(), "start"));
    for (ServiceRun run : plan.runs()) {
      keep.add(run.name());
      if (run.gunicorn() != null) {
        enable.add(socketUnit(run.name()));
        sockets.add(socketUnit(run.name()));
      }
      enable.add(serviceUnit(run.name()));
    }
    script
        .call("capstan_svc_sd_keep", keep)
        .call("capstan_svc_sd_enable", enable)
        .call("capstan_svc_sd_reload", scope());
    if (sockets.size() > 2) {
      script.call("capstan_svc_sd_action", sockets);
    }
    return ServiceDrivers.run(host, timeout, script, "install the systemd units")
        .all(Marker.SERVICE_FILE_WRITTEN)
        .stream()
        .map(String::strip)
        .toList();
  }

  /**
   * Installs the plan, then restarts each service's {@code .service} unit in turn and waits until
   * its main process and all of its children carry the plan's release. A gunicorn socket is never
   * restarted: it keeps listening, and connections wait in its backlog while the service restarts.
   */
  @Override
  public void roll(ServicePlan plan, Duration settle) throws HostException, ServiceException {
    roll(plan, plan.runs().stream().map(ServiceRun::name).toList(), settle);
  }

  @Override
  public void roll(ServicePlan plan, List<String> services, Duration settle)
      throws HostException, ServiceException {
    install(plan);
    for (ServiceRun run : plan.runs()) {
      if (!services.contains(run.name())) {
        continue;
      }
      try {
        ServiceDrivers.run(
            host,
            timeout,
            RemoteScript.create()
                .call("capstan_svc_sd_action", scope(), "restart", serviceUnit(run.name())),
            "restart " + serviceUnit(run.name()));
      } catch (ServiceException e) {
        throw withLog(run.name(), e.getMessage());
      }
      awaitRelease(run, plan.release(), settle);
    }
  }

  /** What the units run now, with the release of every pid. */
  public ObservedProcesses observe() throws HostException, ServiceException {
    return ObservedProcesses.parse(
        ServiceDrivers.run(
            host, timeout, RemoteScript.create().append(observation()), "observe the units"));
  }

  /** The service unit's journal: systemd's lines about it and the program's output. */
  @Override
  public String logTail(String service, int lines) throws HostException {
    if (!SERVICE.matcher(service).matches() || lines < 1) {
      throw new IllegalArgumentException("no log of " + service + " (" + lines + " lines)");
    }
    RemoteScript script =
        RemoteScript.create()
            .call("capstan_svc_sd_journal", scope(), serviceUnit(service), String.valueOf(lines));
    return ServiceDrivers.logLines(script.run(host, timeout));
  }

  /** Stops every unit of this deploy path, the sockets first; they stay enabled. */
  @Override
  public void shutdown() throws HostException, ServiceException {
    ServiceDrivers.run(
        host,
        timeout,
        RemoteScript.create().call("capstan_svc_sd_stop", scope(), unitDir, deployPath, prefix),
        "stop the systemd units");
  }

  public String serviceUnit(String service) {
    return SystemdUnits.unit(deployPath, service) + ".service";
  }

  public String socketUnit(String service) {
    return SystemdUnits.unit(deployPath, service) + ".socket";
  }

  private void awaitRelease(ServiceRun run, String release, Duration settle)
      throws HostException, ServiceException {
    int wanted = run.gunicorn() == null ? 1 : 1 + run.gunicorn().workers();
    long deadline = System.nanoTime() + settle.toNanos();
    while (true) {
      ObservedProcesses observed = observe();
      List<ObservedProcesses.Pid> pids = observed.pidsOf(run.name());
      boolean running =
          observed.of(run.name()).stream().anyMatch(ObservedProcesses.Process::running);
      if (running
          && pids.size() >= wanted
          && pids.stream().allMatch(p -> release.equals(p.release()))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw withLog(
            run.name(),
            serviceUnit(run.name())
                + " did not come up with release "
                + release
                + " within "
                + settle.toSeconds()
                + "s: "
                + (running ? "running" : "not running")
                + ", "
                + pids.size()
                + " of "
                + wanted
                + " processes, releases "
                + pids.stream().map(ObservedProcesses.Pid::release).toList());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** The failure, and what the service itself said last. */
  private ServiceException withLog(String service, String message) throws HostException {
    String log = ServiceDrivers.lastWords(this, service);
    return new ServiceException(
        message + (log.isBlank() ? "" : "\nlast lines of " + serviceUnit(service) + ":\n" + log));
  }

  private String scope() {
    return scope.name().toLowerCase(Locale.ROOT);
  }
}
