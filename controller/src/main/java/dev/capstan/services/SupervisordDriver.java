package dev.capstan.services;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.ServiceSpec;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the supervisord of Capstan's own for one deploy path on one host, each call one remote
 * script (dev/capstan/remote/services.sh).
 */
public final class SupervisordDriver implements ServiceDriver {

  private static final Duration POLL = Duration.ofMillis(100);

  /** supervisord's states of a process that ran and exited. */
  private static final List<String> DIED = List.of("BACKOFF", "EXITED", "FATAL");

  private final RemoteHost host;
  private final String deployPath;
  private final String dir;
  private final Duration timeout;

  /**
   * @param timeout for each remote command
   */
  public SupervisordDriver(RemoteHost host, String deployPath, Duration timeout) {
    this.host = host;
    this.deployPath = deployPath;
    this.dir = SupervisordFiles.dir(deployPath);
    this.timeout = timeout;
  }

  /**
   * Writes the plan's files (those that changed), removes those of services no longer planned,
   * starts this deploy path's supervisord if it does not answer and applies what changed ({@code
   * reread}, {@code update}: new programs start, removed ones stop).
   *
   * @return the paths written or removed
   */
  public List<String> install(ServicePlan plan) throws HostException, ServiceException {
    requireSocketAddress(deployPath);
    RemoteScript script = RemoteScript.create().call("capstan_svc_folders", dir);
    for (GeneratedFile file : SupervisordFiles.generate(plan)) {
      script.call("capstan_svc_write", file.path(), file.mode(), file.content());
    }
    List<String> keep = new ArrayList<>(List.of(dir));
    plan.runs().forEach(run -> keep.add(run.name()));
    script
        .call("capstan_svc_keep", keep)
        .call("capstan_svc_ensure", dir)
        .call("capstan_svc_update", dir);
    return run(script, "install the services").all(Marker.SERVICE_FILE_WRITTEN).stream()
        .map(String::strip)
        .toList();
  }

  /**
   * Fails unless the supervisor's socket path fits a Unix socket address: else supervisord cannot
   * listen, and says so only in a log no one reads.
   */
  static void requireSocketAddress(String deployPath) throws ServiceException {
    int length =
        SupervisordFiles.socketFile(deployPath)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
            .length;
    if (length > SupervisordFiles.MAX_SOCKET_PATH) {
      throw new ServiceException(
          "the supervisor's socket "
              + SupervisordFiles.socketFile(deployPath)
              + " is "
              + length
              + " bytes long, more than a Unix socket address takes ("
              + SupervisordFiles.MAX_SOCKET_PATH
              + "): give the application a shorter deployPath");
    }
  }

  /**
   * Runs {@code verb} on processes by their supervisorctl names: {@code start}, {@code stop},
   * {@code restart}, or {@code drain} (stop without waiting: supervisord sends TERM and the process
   * finishes its work while this command returns).
   */
  public void action(String verb, List<String> processes) throws HostException, ServiceException {
    if (!List.of("start", "stop", "restart", "drain").contains(verb)) {
      throw new IllegalArgumentException("not an action: " + verb);
    }
    List<String> args = new ArrayList<>(List.of(dir, verb));
    args.addAll(processes);
    run(RemoteScript.create().call("capstan_svc_action", args), verb + " " + processes);
  }

  @Override
  public void roll(ServicePlan plan, Duration settle) throws HostException, ServiceException {
    roll(plan, plan.runs().stream().map(ServiceRun::name).toList(), settle);
  }

  /**
   * Installs the plan's files, then makes each named service run the plan's release with the least
   * disruption: a gunicorn service's processes restart one at a time, each awaited with all its
   * workers on the new release before the next goes, so one master always holds the socket; a
   * Celery service starts its idle slot on the new release, then drains the old one; any other
   * service restarts.
   *
   * @param settle how long each process may take to come up with the new release
   */
  @Override
  public void roll(ServicePlan plan, List<String> services, Duration settle)
      throws HostException, ServiceException {
    install(plan);
    for (ServiceRun run : plan.runs()) {
      if (!services.contains(run.name())) {
        continue;
      }
      try {
        if (SupervisordFiles.slotted(run.spec())) {
          rollSlots(run, settle);
        } else {
          for (String process : SupervisordFiles.processNames(run.spec())) {
            action("restart", List.of(process));
            awaitProcess(run, process, settle);
          }
        }
      } catch (ServiceException e) {
        throw withLog(run.name(), e);
      }
    }
  }

  /** Starts a slot that does not run on the new release, then drains those that ran before. */
  private void rollSlots(ServiceRun run, Duration settle) throws HostException, ServiceException {
    ObservedProcesses observed = observe();
    List<ObservedProcesses.Process> slots = observed.of(run.name());
    String idle =
        SupervisordFiles.processNames(run.spec()).stream()
            .filter(n -> slots.stream().noneMatch(p -> p.name().equals(n) && busy(p)))
            .findFirst()
            .orElseThrow(
                () ->
                    new ServiceException(
                        "every slot of " + run.name() + " is running or draining: try later"));
    List<String> old =
        slots.stream()
            .filter(ObservedProcesses.Process::running)
            .map(ObservedProcesses.Process::name)
            .toList();
    action("start", List.of(idle));
    awaitProcess(run, idle, settle);
    if (!old.isEmpty()) {
      action("drain", old);
    }
  }

  private static boolean busy(ObservedProcesses.Process process) {
    return process.running() || process.draining();
  }

  @Override
  public RemoteScript.Fragment observation() {
    return RemoteScript.Fragment.of("capstan_svc_status", dir);
  }

  @Override
  public List<ServiceState> conformance(ServicePlan plan, ObservedProcesses observed) {
    return plan.runs().stream().map(observed::conformance).toList();
  }

  @Override
  public String logTail(String service, int lines) throws HostException {
    if (!service.matches("[a-z][a-z0-9-]*") || lines < 1) {
      throw new IllegalArgumentException("no log of " + service + " (" + lines + " lines)");
    }
    String file = SupervisordFiles.logFile(deployPath, service);
    return ServiceDrivers.logLines(
        RemoteScript.create()
            .call("capstan_svc_log_tail", file, String.valueOf(lines))
            .run(host, timeout));
  }

  /** {@code e} with the tail of the service's own log: what the program itself said. */
  private ServiceException withLog(String service, ServiceException e) throws HostException {
    String block = ServiceDrivers.logBlock(service, ServiceDrivers.lastWords(this, service));
    return block.isEmpty() ? e : new ServiceException(e.getMessage() + block);
  }

  /** What the supervisor runs now, with the release of every pid. */
  public ObservedProcesses observe() throws HostException, ServiceException {
    return ObservedProcesses.parse(
        run(RemoteScript.create().append(observation()), "observe the services"));
  }

  /** Each planned service's state now: one round trip. */
  public List<ServiceState> conformance(ServicePlan plan) throws HostException, ServiceException {
    return conformance(plan, observe());
  }

  /** Stops this deploy path's supervisord and everything it runs (nothing if it is not up). */
  @Override
  public void shutdown() throws HostException, ServiceException {
    run(RemoteScript.create().call("capstan_svc_shutdown", dir), "shut the supervisor down");
  }

  public String deployPath() {
    return deployPath;
  }

  private void awaitProcess(ServiceRun run, String process, Duration settle)
      throws HostException, ServiceException {
    String release = run.release();
    int wanted = expectedPids(run.spec());
    long deadline = System.nanoTime() + settle.toNanos();
    String last = "nothing observed";
    while (true) {
      ObservedProcesses observed = observe();
      List<ObservedProcesses.Pid> pids = observed.pidsOf(process);
      boolean running =
          observed.of(run.name()).stream().anyMatch(p -> p.name().equals(process) && p.running());
      boolean all =
          pids.size() >= wanted
              && pids.stream()
                  .allMatch(
                      p ->
                          release.equals(p.release())
                              && run.definitionDigest().equals(p.serviceDigest()));
      if (running && all) {
        return;
      }
      String died =
          observed.of(run.name()).stream()
              .filter(p -> p.name().equals(process) && DIED.contains(p.state()))
              .map(ObservedProcesses.Process::state)
              .findFirst()
              .orElse(null);
      if (died != null) {
        // It was started (the action returned), so it exited since: no use waiting out settle.
        throw new ServiceException(process + " exited after it was started (" + died + ")");
      }
      last =
          (running ? "running" : "not running")
              + ", "
              + pids.size()
              + " of "
              + wanted
              + " processes, releases "
              + pids.stream().map(ObservedProcesses.Pid::release).toList();
      if (System.nanoTime() > deadline) {
        throw new ServiceException(
            process
                + " did not come up with release "
                + release
                + " within "
                + settle.toSeconds()
                + "s: "
                + last);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** A gunicorn master and its workers; one process otherwise (its children are its own). */
  private static int expectedPids(ServiceSpec spec) {
    return spec.program() instanceof ServiceSpec.Gunicorn g ? 1 + g.workers() : 1;
  }

  private ScriptOutput run(RemoteScript script, String what)
      throws HostException, ServiceException {
    return ServiceDrivers.run(host, timeout, script, what);
  }
}
