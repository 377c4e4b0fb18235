package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.ServiceSpec;
import dev.capstan.model.Supervisor;
import dev.capstan.services.ServiceState.State;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.Processes;
import dev.capstan.testing.RequiredTools;
import dev.capstan.testing.SupervisordTeardown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against a real supervisord: it starts one for the deploy path when none answers,
 * writes only what changed, and the observation tells Running, Stale and Down apart.
 */
class SupervisordDriverTest {

  @TempDir Path temp;

  private SupervisordDriver driver;
  private final List<Long> seenPids = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    if (driver == null) {
      return;
    }
    SupervisordTeardown.stop(
        SupervisordTeardown.pid(Path.of(SupervisordFiles.pidFile(driver.deployPath()))),
        driver::shutdown,
        seenPids);
  }

  @Test
  void refusesADeployPathWhoseSocketCannotBeBound() throws Exception {
    String longest = "/" + "d".repeat(107 - "/.capstan/supervisor/supervisor.sock".length() - 1);
    SupervisordDriver.requireSocketAddress(longest);
    String tooLong = longest + "d";
    driver = null;
    SupervisordDriver refusing =
        new SupervisordDriver(new LocalHost(), tooLong, Duration.ofSeconds(60));
    ServiceException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ServiceException.class,
            () ->
                refusing.install(
                    ServicePlan.of(
                        RuntimeSpec.NONE, HostSpec.of(HostAddress.LOCAL_HOST), tooLong, "A", "x")));
    assertTrue(e.getMessage().contains("108 bytes long"), e.getMessage());
    assertTrue(e.getMessage().contains("shorter deployPath"), e.getMessage());
    assertFalse(Files.exists(Path.of(tooLong)), "nothing was written");
  }

  @Test
  void observesRunningStaleAndDown() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("supervisorctl", "supervisor");
    Path deployPath = Files.createDirectories(temp.resolve("app"));
    for (String release : List.of("A", "B")) {
      Files.createDirectories(deployPath.resolve("releases/" + release));
    }
    ServiceSpec clock =
        new ServiceSpec(
            "clock",
            new ServiceSpec.Command("exec sleep 3600"),
            Map.of(),
            Duration.ofSeconds(5),
            List.of());
    ServiceSpec pinger =
        new ServiceSpec(
            "pinger",
            new ServiceSpec.Command("exec sleep 3601"),
            Map.of(),
            Duration.ofSeconds(5),
            List.of("jobs"));
    RuntimeSpec runtime =
        new RuntimeSpec(
            Map.of(),
            List.of(),
            List.of(),
            List.of(clock, pinger),
            Supervisor.SUPERVISORD,
            List.of());
    HostSpec jobs = new HostSpec(HostAddress.LOCAL_HOST, List.of("jobs"), Map.of());
    HostSpec plain = HostSpec.of(HostAddress.LOCAL_HOST);
    String deploy = deployPath.toString();
    driver = new SupervisordDriver(new LocalHost(), deploy, Duration.ofSeconds(60));

    ServicePlan a = ServicePlan.of(runtime, jobs, deploy, "A", "python3");
    List<String> written = driver.install(a);
    assertEquals(5, written.size(), "the main file, and a section and launcher each: " + written);
    Eventually.await(
        Duration.ofSeconds(30),
        "both run release A",
        () -> driver.conformance(a).stream().allMatch(s -> s.state() == State.RUNNING));
    ServiceState running = driver.conformance(a).get(0);
    assertEquals("A", running.release());
    assertEquals(1, running.pids().size(), running.toString());
    seenPids.addAll(running.pids());
    assertEquals(List.of(), driver.install(a), "nothing changed, nothing written");

    // The launcher says B, the process still runs A: Stale, until it is restarted.
    ServicePlan b = ServicePlan.of(runtime, jobs, deploy, "B", "python3");
    assertEquals(2, driver.install(b).size(), "only the two launchers changed");
    ServiceState stale = driver.conformance(b).get(0);
    assertEquals(
        new ServiceState("clock", State.STALE, "A", running.pids(), "runs release A"), stale);

    driver.action("stop", List.of("clock"));
    assertEquals(State.DOWN, driver.conformance(b).get(0).state());
    driver.action("start", List.of("clock"));
    ServiceState restarted = driver.conformance(b).get(0);
    assertEquals(State.RUNNING, restarted.state(), restarted.toString());
    assertEquals("B", restarted.release());
    seenPids.addAll(restarted.pids());

    // A host without the role: pinger's files go, and supervisord stops it.
    ServicePlan withoutPinger = ServicePlan.of(runtime, plain, deploy, "B", "python3");
    assertEquals(1, withoutPinger.runs().size());
    driver.install(withoutPinger);
    assertTrue(driver.observe().of("pinger").isEmpty(), "pinger is no longer supervised");
    assertFalse(Files.exists(deployPath.resolve(".capstan/supervisor/programs/pinger.conf")));

    // A supervisord that died is started again by the next install.
    Path pidFile = Path.of(SupervisordFiles.pidFile(deploy));
    long first = Long.parseLong(Files.readString(pidFile).strip());
    driver.shutdown();
    assertTrue(Processes.awaitGone(first, Duration.ofSeconds(30)), "supervisord stopped");
    assertEquals(List.of(), driver.observe().processes(), "no supervisord, nothing observed");
    driver.install(withoutPinger);
    Eventually.await(
        Duration.ofSeconds(30),
        "clock runs again under a new supervisord",
        () -> driver.conformance(withoutPinger).get(0).state() == State.RUNNING);
    assertTrue(Long.parseLong(Files.readString(pidFile).strip()) != first);
    seenPids.addAll(driver.conformance(withoutPinger).get(0).pids());
  }
}
