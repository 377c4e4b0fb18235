package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.model.ServiceSpec;
import dev.capstan.services.ObservedProcesses.Pid;
import dev.capstan.services.ObservedProcesses.Process;
import dev.capstan.services.ServiceState.State;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Running, Stale and Down told apart from what the supervisor and /proc said. */
class ObservedProcessesTest {

  private static final ServiceSpec WEB = ServiceFilesTest.WEB;
  private static final ServiceSpec WORKER = ServiceFilesTest.WORKER;

  static Stream<Arguments> cases() {
    List<Process> webUp =
        List.of(new Process("web:web_0", "RUNNING", 10), new Process("web:web_1", "RUNNING", 20));
    return Stream.of(
        Arguments.of(
            "both masters and workers on r2",
            WEB,
            webUp,
            List.of(
                new Pid("web:web_0", 10, 1, "r2"),
                new Pid("web:web_0", 11, 2, "r2"),
                new Pid("web:web_1", 20, 3, "r2")),
            new ServiceState("web", State.RUNNING, "r2", List.of(10L, 11L, 20L))),
        Arguments.of(
            "one worker still on r1",
            WEB,
            webUp,
            List.of(
                new Pid("web:web_0", 10, 1, "r2"),
                new Pid("web:web_1", 20, 3, "r2"),
                new Pid("web:web_1", 21, 4, "r1")),
            new ServiceState("web", State.STALE, "r1", List.of(10L, 20L, 21L))),
        Arguments.of(
            "a process without CAPSTAN_RELEASE",
            WORKER,
            List.of(new Process("worker", "RUNNING", 30)),
            List.of(new Pid("worker", 30, 1, null)),
            new ServiceState("worker", State.STALE, "-", List.of(30L))),
        Arguments.of(
            "one master down",
            WEB,
            List.of(
                new Process("web:web_0", "RUNNING", 10), new Process("web:web_1", "BACKOFF", 0)),
            List.of(new Pid("web:web_0", 10, 1, "r2")),
            new ServiceState("web", State.DOWN, null, List.of(10L))),
        Arguments.of(
            "not known to the supervisor",
            WORKER,
            List.of(),
            List.of(),
            new ServiceState("worker", State.DOWN, null, List.of())),
        Arguments.of(
            "stopped",
            WORKER,
            List.of(new Process("worker", "STOPPED", 0)),
            List.of(),
            new ServiceState("worker", State.DOWN, null, List.of())),
        Arguments.of(
            "another service's processes do not count",
            WORKER,
            List.of(new Process("worker", "RUNNING", 30), new Process("worker-2", "FATAL", 0)),
            List.of(new Pid("worker", 30, 1, "r2"), new Pid("worker-2", 40, 1, "r1")),
            new ServiceState("worker", State.RUNNING, "r2", List.of(30L))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conformance(
      String name,
      ServiceSpec service,
      List<Process> processes,
      List<Pid> pids,
      ServiceState expected) {
    assertEquals(expected, new ObservedProcesses(processes, pids).conformance(service, "r2"));
  }
}
