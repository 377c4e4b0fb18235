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
public record ObservedProcesses(List<Process> processes, List<Pid> pids) {

  /** A process as the supervisor sees it; pid 0 when none runs. */
  public record Process(String name, String state, long pid) {
    public boolean running() {
      return state.equals("RUNNING") && pid > 0;
    }
  }

  /**
   * A pid of a service process or its descendants.
   *
   * @param process the supervisor's name of the process it descends from
   * @param release its {@code CAPSTAN_RELEASE}, null when it has none
   */
  public record Pid(String process, long pid, long startTime, String release) {}

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
      if (f.length == 4 && isNumber(f[1]) && isNumber(f[2])) {
        pids.add(
            new Pid(
                f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3].equals("-") ? null : f[3]));
      }
    }
    return new ObservedProcesses(processes, pids);
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
   * Whether {@code service} runs {@code release}: Down unless each of its processes runs; Stale
   * when any pid under them carries another release (or none); else Running.
   */
  public ServiceState conformance(ServiceSpec service, String release) {
    List<String> expected = SupervisordFiles.processNames(service);
    List<Process> seen = of(service.name());
    List<Long> pids = new ArrayList<>();
    String other = null;
    for (Process process : seen) {
      for (Pid pid : pidsOf(process.name())) {
        pids.add(pid.pid());
        if (!Objects.equals(pid.release(), release) && other == null) {
          other = pid.release() == null ? "-" : pid.release();
        }
      }
    }
    boolean allRunning =
        expected.stream()
            .allMatch(n -> seen.stream().anyMatch(p -> p.name().equals(n) && p.running()));
    if (!allRunning) {
      return new ServiceState(service.name(), ServiceState.State.DOWN, null, pids);
    }
    if (other != null) {
      return new ServiceState(service.name(), ServiceState.State.STALE, other, pids);
    }
    return new ServiceState(service.name(), ServiceState.State.RUNNING, release, pids);
  }

  private static boolean belongsTo(String process, String service) {
    return process.equals(service) || process.startsWith(service + ":");
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit);
  }
}
