package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.ConfigFileSpec;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.SecretSource;
import dev.capstan.model.ServiceSpec;
import dev.capstan.model.Supervisor;
import dev.capstan.services.ObservedProcesses;
import dev.capstan.services.ObservedProcesses.Pid;
import dev.capstan.services.ObservedProcesses.Process;
import dev.capstan.services.ServicePlan;
import dev.capstan.services.ServiceState;
import dev.capstan.services.SupervisordDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure planner with config files and services: what it writes, starts, restarts and keeps. The
 * driver is made but never called (conformance is pure).
 */
class ServicePlanningTest {

  private static final String C1 = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String C2 = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String RECIPE = "abcdef012345";
  private static final DesiredRelease WANT_C2 = new DesiredRelease(C2, RECIPE);
  private static final Instant NOW = Instant.parse("2026-11-21T12:30:45Z");
  private static final String R1 = "20261101000000-1111111";
  private static final String R2 = "20261102000000-2222222";
  private static final String DEPLOY = "/srv/app";
  private static final String FILES = "42-7";

  private static final ServiceSpec CLOCK =
      new ServiceSpec(
          "clock",
          new ServiceSpec.Command("sleep 1000"),
          Map.of(),
          Duration.ofSeconds(5),
          List.of());
  private static final RuntimeSpec RUNTIME =
      new RuntimeSpec(
          Map.of("A", "1"),
          List.of(".env"),
          List.of(new ConfigFileSpec(".env", SecretSource.ofFile("app.env"))),
          List.of(CLOCK),
          Supervisor.SUPERVISORD,
          List.of());
  private static final HostServices SERVICES =
      new HostServices(
          RUNTIME,
          HostSpec.of(HostAddress.parse("deploy@web1")),
          DEPLOY,
          "python3",
          new SupervisordDriver(null, DEPLOY, Duration.ofSeconds(1)),
          Duration.ofSeconds(1));
  private static final Map<String, String> CONFIG = Map.of(".env", "aa11");

  @Test
  void aConfigFileWhoseContentDiffersIsWrittenAndTheServicesRestart() {
    ObservedHost host = host(R2, running(R2), Map.of(".env", "bb22"));
    HostPlan plan = ReleasePlanner.plan(WANT_C2, host, 5, NOW, CONFIG, SERVICES);
    assertEquals(new Action.WriteConfigFiles(List.of(".env")), plan.actions().get(0));
    Action.CorrectServices correct = plan.correctServices().orElseThrow();
    assertEquals(List.of("clock"), correct.names());
    assertTrue(correct.configChanged());
    assertTrue(
        plan.actions().stream().noneMatch(a -> a.describe().contains("aa11")),
        "a plan names config files, never their content or digest");
  }

  @Test
  void inSyncWhenFilesMatchAndEveryServiceRunsTheLiveRelease() {
    ObservedHost host = host(R2, running(R2), CONFIG);
    assertTrue(ReleasePlanner.plan(WANT_C2, host, 5, NOW, CONFIG, SERVICES).inSync());
  }

  @Test
  void aServiceDownIsStartedWithoutANewRelease() {
    ObservedProcesses none =
        new ObservedProcesses(List.of(new Process("clock", "STOPPED", 0)), List.of(), FILES);
    HostPlan plan = ReleasePlanner.plan(WANT_C2, host(R2, none, CONFIG), 5, NOW, CONFIG, SERVICES);
    Action.CorrectServices correct = plan.correctServices().orElseThrow();
    assertEquals(ServiceState.State.DOWN, correct.services().get(0).state());
    assertTrue(plan.build().isEmpty() && plan.switchRelease().isEmpty());
    assertEquals("start clock (not running) on " + R2, correct.describe());
  }

  @Test
  void aProcessOfAnotherReleaseIsStale() {
    HostPlan plan =
        ReleasePlanner.plan(WANT_C2, host(R2, running(R1), CONFIG), 5, NOW, CONFIG, SERVICES);
    assertEquals(
        "restart clock (runs release " + R1 + ") on " + R2,
        plan.correctServices().orElseThrow().describe());
  }

  @Test
  void aSwitchRollsTheServicesSoNoCorrectionIsPlanned() {
    ObservedHost host =
        new ObservedHost(
            "h",
            "releases/" + R1,
            List.of(complete(R1, C1), complete(R2, C2)),
            null,
            0,
            List.of(),
            List.of(),
            running(R1),
            CONFIG,
            null);
    HostPlan plan = ReleasePlanner.plan(WANT_C2, host, 5, NOW, CONFIG, SERVICES);
    assertTrue(plan.switchRelease().isPresent());
    assertTrue(plan.correctServices().isEmpty());
  }

  @Test
  void aReleaseThatADrainingWorkerRunsIsNotPruned() {
    String r0 = "20261031000000-0000000";
    ObservedProcesses draining =
        new ObservedProcesses(
            List.of(new Process("clock", "RUNNING", 20)),
            List.of(pid(20, R2), new Pid("worker:worker_0", 10, 10, R1, "x", FILES)),
            FILES);
    ObservedHost host =
        new ObservedHost(
            "h",
            "releases/" + R2,
            List.of(complete(r0, C1), complete(R1, C1), complete(R2, C2)),
            null,
            0,
            List.of(),
            List.of(),
            draining,
            CONFIG,
            null);
    HostPlan plan = ReleasePlanner.plan(WANT_C2, host, 1, NOW, CONFIG, SERVICES);
    assertEquals(
        List.of(new Action.RemoveRelease(r0, Action.Why.RETENTION)),
        plan.removals(),
        "keepReleases 1 removes r0 but keeps R1 while a process still runs it");
  }

  private static ObservedProcesses running(String release) {
    return new ObservedProcesses(
        List.of(new Process("clock", "RUNNING", 20)), List.of(pid(20, release)), FILES);
  }

  private static Pid pid(long pid, String release) {
    String digest =
        ServicePlan.of(RUNTIME, SERVICES.host(), DEPLOY, release, "python3")
            .runs()
            .get(0)
            .definitionDigest();
    return new Pid("clock", pid, pid, release, digest, FILES);
  }

  private static ObservedHost host(
      String live, ObservedProcesses processes, Map<String, String> config) {
    return new ObservedHost(
        "h",
        "releases/" + live,
        List.of(complete(R1, C1), complete(R2, C2)),
        null,
        0,
        List.of(),
        List.of(),
        processes,
        config,
        null);
  }

  private static ObservedRelease complete(String name, String commit) {
    return new ObservedRelease(name, commit, RECIPE, ReleaseState.COMPLETE);
  }
}
