package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.ServiceSpec;
import dev.capstan.model.Supervisor;
import dev.capstan.services.ObservedProcesses.Pid;
import dev.capstan.services.ObservedProcesses.Process;
import dev.capstan.services.ServiceState.State;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Running, Stale and Down told apart from what the supervisor and /proc said. */
class ObservedProcessesTest {

  private static final ServiceSpec WEB = ServiceFilesTest.WEB;
  private static final ServiceSpec WORKER = ServiceFilesTest.WORKER;
  private static final ServiceSpec CLOCK = ServiceFilesTest.CLOCK;
  private static final ServicePlan PLAN =
      ServicePlan.of(
          new RuntimeSpec(
              Map.of(),
              List.of(),
              List.of(),
              List.of(WEB, WORKER, CLOCK),
              Supervisor.SUPERVISORD,
              List.of()),
          new HostSpec(HostAddress.parse("deploy@web1"), List.of("web", "worker"), Map.of()),
          "/srv/app",
          "r2",
          "venv/bin/python");
  private static final String FILES = "123-45";

  private static String digest(ServiceSpec service) {
    return run(service).definitionDigest();
  }

  private static ServiceRun run(ServiceSpec service) {
    return PLAN.runs().stream().filter(r -> r.name().equals(service.name())).findFirst().get();
  }

  /** A pid started as planned from {@code release}. */
  private static Pid pid(ServiceSpec service, String process, long pid, String release) {
    return new Pid(process, pid, pid, release, digest(service), FILES);
  }

  static Stream<Arguments> cases() {
    List<Process> webUp =
        List.of(new Process("web:web_0", "RUNNING", 10), new Process("web:web_1", "RUNNING", 20));
    List<Process> workerUp =
        List.of(
            new Process("worker:worker_0", "RUNNING", 30),
            new Process("worker:worker_1", "STOPPED", 0));
    return Stream.of(
        Arguments.of(
            "both masters and workers on r2",
            WEB,
            webUp,
            List.of(
                pid(WEB, "web:web_0", 10, "r2"),
                pid(WEB, "web:web_0", 11, "r2"),
                pid(WEB, "web:web_1", 20, "r2")),
            FILES,
            new ServiceState(
                "web", State.RUNNING, "r2", List.of(10L, 11L, 20L), null, List.of(10L, 20L))),
        Arguments.of(
            "one worker still on r1",
            WEB,
            webUp,
            List.of(
                pid(WEB, "web:web_0", 10, "r2"),
                pid(WEB, "web:web_1", 20, "r2"),
                pid(WEB, "web:web_1", 21, "r1")),
            FILES,
            new ServiceState("web", State.STALE, "r1", List.of(10L, 20L, 21L), "runs release r1")),
        Arguments.of(
            "a process without CAPSTAN_RELEASE",
            CLOCK,
            List.of(new Process("clock", "RUNNING", 30)),
            List.of(new Pid("clock", 30, 1, null, null, null)),
            FILES,
            new ServiceState("clock", State.STALE, "-", List.of(30L), "runs release -")),
        Arguments.of(
            "started with another definition",
            CLOCK,
            List.of(new Process("clock", "RUNNING", 30)),
            List.of(new Pid("clock", 30, 1, "r2", "0123456789ab", FILES)),
            FILES,
            new ServiceState(
                "clock",
                State.STALE,
                "r2",
                List.of(30L),
                "started with another definition of the service")),
        Arguments.of(
            "started before an env file changed",
            CLOCK,
            List.of(new Process("clock", "RUNNING", 30)),
            List.of(pid(CLOCK, "clock", 30, "r2")),
            "999-1",
            new ServiceState(
                "clock",
                State.STALE,
                "r2",
                List.of(30L),
                "started before the env or config files changed")),
        Arguments.of(
            "one master down",
            WEB,
            List.of(
                new Process("web:web_0", "RUNNING", 10), new Process("web:web_1", "BACKOFF", 0)),
            List.of(pid(WEB, "web:web_0", 10, "r2")),
            FILES,
            new ServiceState("web", State.DOWN, null, List.of(10L), "not running")),
        Arguments.of(
            "not known to the supervisor",
            CLOCK,
            List.of(),
            List.of(),
            FILES,
            new ServiceState("clock", State.DOWN, null, List.of(), "not running")),
        Arguments.of(
            "stopped",
            CLOCK,
            List.of(new Process("clock", "STOPPED", 0)),
            List.of(),
            FILES,
            new ServiceState("clock", State.DOWN, null, List.of(), "not running")),
        Arguments.of(
            "a Celery worker in one slot, the other idle",
            WORKER,
            workerUp,
            List.of(pid(WORKER, "worker:worker_0", 30, "r2")),
            FILES,
            new ServiceState("worker", State.RUNNING, "r2", List.of(30L), null, List.of(30L))),
        Arguments.of(
            "the old worker drains on r1 while the new one runs r2",
            WORKER,
            List.of(
                new Process("worker:worker_0", "STOPPING", 30),
                new Process("worker:worker_1", "RUNNING", 40)),
            List.of(
                pid(WORKER, "worker:worker_0", 30, "r1"), pid(WORKER, "worker:worker_1", 40, "r2")),
            FILES,
            new ServiceState(
                "worker",
                State.RUNNING,
                "r2",
                List.of(40L),
                "draining before it exits: pids [30]",
                List.of(40L))),
        Arguments.of(
            "no slot of the worker runs",
            WORKER,
            List.of(
                new Process("worker:worker_0", "STOPPED", 0),
                new Process("worker:worker_1", "FATAL", 0)),
            List.of(),
            FILES,
            new ServiceState("worker", State.DOWN, null, List.of(), "not running")),
        Arguments.of(
            "another service's processes do not count",
            CLOCK,
            List.of(new Process("clock", "RUNNING", 30), new Process("clock-2", "FATAL", 0)),
            List.of(pid(CLOCK, "clock", 30, "r2"), new Pid("clock-2", 40, 1, "r1", null, null)),
            FILES,
            new ServiceState("clock", State.RUNNING, "r2", List.of(30L), null, List.of(30L))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conformance(
      String name,
      ServiceSpec service,
      List<Process> processes,
      List<Pid> pids,
      String filesNow,
      ServiceState expected) {
    assertEquals(
        expected, new ObservedProcesses(processes, pids, filesNow).conformance(run(service)));
  }

  @org.junit.jupiter.api.Test
  void everyReleaseAProcessRunsIsKept() {
    ObservedProcesses observed =
        new ObservedProcesses(
            List.of(),
            List.of(pid(WORKER, "worker:worker_0", 30, "r1"), pid(WEB, "web:web_0", 10, "r2")),
            FILES);
    assertEquals(java.util.Set.of("r1", "r2"), observed.runningReleases());
  }
}
