package dev.capstan.services;

import dev.capstan.model.ServiceSpec;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.ScriptOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code capstan_svc_status} reported: the supervisor's processes and every pid under them
 * with the release in its environment. {@link #conformance} tells Running, Stale and Down apart.
 */
public record ObservedProcesses(List<Process> processes, List<Pid> pids, String filesDigest) {

  /** Nothing observed: no supervisor answers, no service runs. */
  public static final ObservedProcesses NONE = new ObservedProcesses(List.of(), List.of(), null);

  /** A process as the supervisor sees it; pid 0 when none runs. */
  public record Process(String name, String state, long pid) {
    public boolean running() {
      return state.equals("RUNNING") && pid > 0;
    }

    /** Told to stop and still finishing its work: a Celery worker's warm shutdown. */
    public boolean draining() {
      return state.equals("STOPPING") && pid > 0;
    }
  }

  /**
   * A pid of a service process or its descendants.
   *
   * @param process the supervisor's name of the process it descends from
   * @param release its {@code CAPSTAN_RELEASE}, null when it has none
   * @param serviceDigest its {@code CAPSTAN_SERVICE_DIGEST}, null when it has none
   * @param filesDigest its {@code CAPSTAN_FILES_DIGEST}, null when it has none
   */
  public record Pid(
      String process,
      long pid,
      long startTime,
      String release,
      String serviceDigest,
      String filesDigest) {}

  public ObservedProcesses {
    processes = List.copyOf(processes);
    pids = List.copyOf(pids);
  }

  /** Reads the records; malformed ones are left out. */
  public static ObservedProcesses parse(ScriptOutput output) {
    List<Process> processes = new ArrayList<>();
    for (String args : output.all(Marker.SERVICE_PROCESS)) {
      String[] f = args.strip().split(" ");
      if (f.length == 3 && isNumber(f[2])) {
        processes.add(new Process(f[0], f[1], Long.parseLong(f[2])));
      }
    }
    List<Pid> pids = new ArrayList<>();
    for (String args : output.all(Marker.SERVICE_PID)) {
      String[] f = args.strip().split(" ");
      if (f.length == 6 && isNumber(f[1]) && isNumber(f[2])) {
        pids.add(
            new Pid(
                f[0],
                Long.parseLong(f[1]),
                Long.parseLong(f[2]),
                orNull(f[3]),
                orNull(f[4]),
                orNull(f[5])));
      }
    }
    return new ObservedProcesses(
        processes, pids, output.last(Marker.FILES_DIGEST).map(String::strip).orElse(null));
  }

  /** The releases any observed process still runs: none of them may be pruned. */
  public java.util.Set<String> runningReleases() {
    java.util.Set<String> releases = new java.util.TreeSet<>();
    pids.stream().map(Pid::release).filter(Objects::nonNull).forEach(releases::add);
    return releases;
  }

  /** The processes of one service: {@code web:web_0}, {@code web:web_1}, or {@code worker}. */
  public List<Process> of(String service) {
    return processes.stream().filter(p -> belongsTo(p.name(), service)).toList();
  }

  /** The pids under one supervisor process. */
  public List<Pid> pidsOf(String process) {
    return pids.stream().filter(p -> p.process().equals(process)).toList();
  }

  /**
   * Whether {@code run}'s service runs as planned: Down unless each of its processes runs (for a
   * slotted service, one slot); Stale when a pid under a running process carries another release,
   * another definition digest, or files digest other than the files' content now; else Running.
   * Processes that drain (told to stop, finishing their tasks) count for neither.
   */
  public ServiceState conformance(ServiceRun run) {
    return conformance(
        run, SupervisordFiles.processNames(run.spec()), SupervisordFiles.slotted(run.spec()));
  }

  /**
   * As {@link #conformance(ServiceRun)}, for a supervisor that knows the service's processes by
   * {@code expected} (systemd: one unit per service).
   *
   * @param slotted whether one of {@code expected} running is enough
   */
  public ServiceState conformance(ServiceRun run, List<String> expected, boolean slotted) {
    ServiceSpec service = run.spec();
    List<Process> seen = of(service.name());
    List<Long> pids = new ArrayList<>();
    String stale = null;
    String other = null;
    List<Long> draining = new ArrayList<>();
    for (Process process : seen) {
      for (Pid pid : pidsOf(process.name())) {
        // A draining process (a Celery worker finishing its tasks) is no longer the service.
        (process.draining() ? draining : pids).add(pid.pid());
        if (!process.running() || stale != null) {
          continue;
        }
        if (!Objects.equals(pid.release(), run.release())) {
          other = pid.release() == null ? "-" : pid.release();
          stale = "runs release " + other;
        } else if (!Objects.equals(pid.serviceDigest(), run.definitionDigest())) {
          stale = "started with another definition of the service";
        } else if (filesDigest != null && !Objects.equals(pid.filesDigest(), filesDigest)) {
          stale = "started before the env or config files changed";
        }
      }
    }
    if (!up(expected, slotted, seen)) {
      return new ServiceState(service.name(), ServiceState.State.DOWN, null, pids, "not running");
    }
    if (stale != null) {
      return new ServiceState(
          service.name(),
          ServiceState.State.STALE,
          other == null ? run.release() : other,
          pids,
          stale);
    }
    List<Long> mains = seen.stream().filter(Process::running).map(Process::pid).sorted().toList();
    String detail = draining.isEmpty() ? null : "draining before it exits: pids " + draining;
    return new ServiceState(
        service.name(), ServiceState.State.RUNNING, run.release(), pids, detail, mains);
  }

  /** Every process of the service runs; for a slotted one, one of its slots does. */
  private static boolean up(List<String> expected, boolean slotted, List<Process> seen) {
    if (slotted) {
      return seen.stream().anyMatch(p -> expected.contains(p.name()) && p.running());
    }
    return expected.stream()
        .allMatch(n -> seen.stream().anyMatch(p -> p.name().equals(n) && p.running()));
  }

  private static boolean belongsTo(String process, String service) {
    return process.equals(service) || process.startsWith(service + ":");
  }

  private static String orNull(String field) {
    return field.equals("-") ? null : field;
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit);
  }
}
