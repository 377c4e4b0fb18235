package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.ServiceSpec;
import dev.capstan.model.Supervisor;
import dev.capstan.services.ServiceState.State;
import dev.capstan.services.SystemdUnits.Scope;
import dev.capstan.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the driver sends, against a recording {@code systemctl} ({@link FakeSystemd}); no
 * real systemd here. The scripts run for real in this machine's {@code /bin/sh}, the stand-in
 * starts the launchers the driver wrote, and the driver proves the release from {@code
 * /proc/PID/environ} as it would under systemd.
 */
class SystemdDriverCommandsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static final ServiceSpec WEB =
      new ServiceSpec(
          "web",
          new ServiceSpec.Gunicorn("app.wsgi:application", "127.0.0.1", 8000, 2, List.of()),
          Map.of(),
          Duration.ofSeconds(5),
          List.of());
  private static final ServiceSpec CLOCK =
      new ServiceSpec(
          "clock",
          new ServiceSpec.Command("exec sleep 3600"),
          Map.of(),
          Duration.ofSeconds(5),
          List.of("jobs"));

  @TempDir Path temp;

  private Path units;
  private String deploy;
  private FakeSystemd systemd;
  private SystemdDriver driver;
  private String user;

  @BeforeEach
  void setUp() throws Exception {
    units = Files.createDirectories(temp.resolve("units"));
    Path deployPath = Files.createDirectories(temp.resolve("app"));
    for (String release : List.of("r1", "r2")) {
      Files.createDirectories(deployPath.resolve("releases/" + release));
    }
    deploy = deployPath.toString();
    systemd = new FakeSystemd(temp, units);
    user = System.getProperty("user.name");
    driver = new SystemdDriver(systemd.host(), deploy, TIMEOUT, Scope.USER, units.toString(), null);
  }

  @AfterEach
  void stopEverything() throws Exception {
    try {
      driver.shutdown();
    } finally {
      systemd.killAll();
    }
  }

  @Test
  void aSwitchRestartsEachServiceInTurnReloadingOnlyWhenAUnitChangedAndNeverTheSocket()
      throws Exception {
    String web = SystemdUnits.unit(deploy, "web");
    String clock = SystemdUnits.unit(deploy, "clock");
    String linger = "loginctl show-user " + user + " --property=Linger --value";

    driver.roll(plan("r1", "jobs"), SETTLE);
    assertEquals(
        List.of(
            linger,
            "systemctl --user is-enabled --quiet " + web + ".socket",
            "systemctl --user enable --no-reload " + web + ".socket",
            "systemctl --user is-enabled --quiet " + web + ".service",
            "systemctl --user enable --no-reload " + web + ".service",
            "systemctl --user is-enabled --quiet " + clock + ".service",
            "systemctl --user enable --no-reload " + clock + ".service",
            "systemctl --user daemon-reload",
            "systemctl --user start " + web + ".socket",
            "systemctl --user restart " + web + ".service",
            "systemctl --user restart " + clock + ".service"),
        systemd.calls());
    List<ServiceState> first = driver.conformance(plan("r1", "jobs"), driver.observe());
    assertEquals(State.RUNNING, first.get(0).state(), first.toString());
    assertEquals("r1", first.get(0).release());
    assertEquals(3, first.get(0).pids().size(), "the master and its 2 workers: " + first);
    assertEquals(State.RUNNING, first.get(1).state(), first.toString());

    // The switch: only the launchers change, so no daemon-reload and nothing to enable.
    systemd.clear();
    ServicePlan r2 = plan("r2", "jobs");
    assertEquals(
        State.STALE, driver.conformance(r2, driver.observe()).get(0).state(), "before the roll");
    driver.roll(r2, SETTLE);
    assertEquals(
        List.of(
            linger,
            "systemctl --user is-enabled --quiet " + web + ".socket",
            "systemctl --user is-enabled --quiet " + web + ".service",
            "systemctl --user is-enabled --quiet " + clock + ".service",
            "systemctl --user start " + web + ".socket",
            "systemctl --user restart " + web + ".service",
            "systemctl --user restart " + clock + ".service"),
        systemd.calls());
    List<ServiceState> second = driver.conformance(r2, driver.observe());
    assertTrue(second.stream().allMatch(s -> s.state() == State.RUNNING), second.toString());
    assertEquals("r2", second.get(0).release());
    assertTrue(
        second.get(0).pids().stream().noneMatch(first.get(0).pids()::contains),
        "every process of web is new: " + first + " then " + second);
    for (long pid : first.get(0).pids()) {
      assertTrue(Processes.awaitGone(pid, Duration.ofSeconds(10)), "old process " + pid + " ended");
    }
  }

  @Test
  void aServiceNoLongerPlannedIsStoppedDisabledAndItsUnitRemoved() throws Exception {
    String clock = SystemdUnits.unit(deploy, "clock");
    driver.roll(plan("r1", "jobs"), SETTLE);
    long clockPid = driver.observe().of("clock").get(0).pid();
    systemd.clear();

    List<String> removed = driver.install(plan("r1"));
    assertEquals(
        List.of(
            "loginctl show-user " + user + " --property=Linger --value",
            "systemctl --user stop " + clock + ".service",
            "systemctl --user disable --no-reload " + clock + ".service",
            "systemctl --user is-enabled --quiet " + SystemdUnits.unit(deploy, "web") + ".socket",
            "systemctl --user is-enabled --quiet " + SystemdUnits.unit(deploy, "web") + ".service",
            "systemctl --user daemon-reload",
            "systemctl --user start " + SystemdUnits.unit(deploy, "web") + ".socket"),
        systemd.calls());
    assertEquals(
        List.of(
            units.resolve(clock + ".service").toString(),
            SystemdUnits.launchDir(deploy) + "/clock.sh"),
        removed);
    assertFalse(Files.exists(units.resolve(clock + ".service")));
    assertTrue(Processes.awaitGone(clockPid, Duration.ofSeconds(10)), "clock stopped");
    assertEquals(List.of(), driver.observe().of("clock"));
  }

  @Test
  void userUnitsWithoutLingeringFailSayingTheCommandToRun() throws Exception {
    systemd.linger(false);
    ServiceException e =
        assertThrows(ServiceException.class, () -> driver.roll(plan("r1", "jobs"), SETTLE));
    assertTrue(
        e.getMessage().contains("run once on this host: sudo loginctl enable-linger " + user),
        e.getMessage());
    assertEquals(
        List.of("loginctl show-user " + user + " --property=Linger --value"), systemd.calls());
    try (var files = Files.list(units)) {
      assertEquals(0, files.count(), "nothing written");
    }
  }

  @Test
  void systemUnitsUseTheSystemManagerAndNeedNoLingering() throws Exception {
    driver =
        new SystemdDriver(systemd.host(), deploy, TIMEOUT, Scope.SYSTEM, units.toString(), user);
    driver.roll(plan("r1"), SETTLE);
    String web = SystemdUnits.unit(deploy, "web");
    assertEquals(
        List.of(
            "systemctl is-enabled --quiet " + web + ".socket",
            "systemctl enable --no-reload " + web + ".socket",
            "systemctl is-enabled --quiet " + web + ".service",
            "systemctl enable --no-reload " + web + ".service",
            "systemctl daemon-reload",
            "systemctl start " + web + ".socket",
            "systemctl restart " + web + ".service"),
        systemd.calls());
    assertTrue(Files.readString(units.resolve(web + ".service")).contains("\nUser=" + user + "\n"));
    systemd.clear();
    driver.shutdown();
    assertEquals(List.of("systemctl stop " + web + ".socket " + web + ".service"), systemd.calls());
  }

  @Test
  void aServiceThatDoesNotComeUpFailsWithTheTailOfItsJournal() throws Exception {
    ServiceSpec broken =
        new ServiceSpec(
            "broken",
            new ServiceSpec.Command("echo 'cannot import settings' >&2; exit 3"),
            Map.of(),
            Duration.ofSeconds(5),
            List.of());
    RuntimeSpec runtime =
        new RuntimeSpec(
            Map.of(), List.of(), List.of(), List.of(broken), Supervisor.SYSTEMD, List.of());
    ServicePlan plan =
        ServicePlan.of(runtime, HostSpec.of(HostAddress.LOCAL_HOST), deploy, "r1", "python3");
    ServiceException e =
        assertThrows(ServiceException.class, () -> driver.roll(plan, Duration.ofSeconds(2)));
    String unit = SystemdUnits.unit(deploy, "broken") + ".service";
    assertTrue(e.getMessage().contains("did not come up with release r1"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot import settings"), e.getMessage());
    assertTrue(
        systemd
            .calls()
            .contains(
                "journalctl --user -u " + unit + " -n " + LogExcerpt.READ_LINES + " --no-pager"),
        systemd.calls().toString());
    assertEquals("cannot import settings", driver.logTail("broken", 5));
    assertThrows(IllegalArgumentException.class, () -> driver.logTail("x; rm -rf /", 5));
  }

  @Test
  void shutdownStopsTheSocketsFirstAndTheUnitsOfNoOtherDeployPath() throws Exception {
    // A unit of another deploy path whose name happens to share the prefix is left alone.
    String prefix = SystemdUnits.prefix(deploy);
    Files.writeString(
        units.resolve(prefix + "-x-other.service"),
        "# Written by Capstan: service other of /srv/other. Do not edit.\n");
    driver.roll(plan("r1", "jobs"), SETTLE);
    List<Long> pids = driver.observe().pids().stream().map(ObservedProcesses.Pid::pid).toList();
    assertNotEquals(List.of(), pids);
    assertTrue(Files.exists(units.resolve(prefix + "-x-other.service")), "not removed by install");
    systemd.clear();

    driver.shutdown();
    String web = SystemdUnits.unit(deploy, "web");
    String clock = SystemdUnits.unit(deploy, "clock");
    assertEquals(
        List.of(
            "systemctl --user stop " + web + ".socket " + clock + ".service " + web + ".service"),
        systemd.calls());
    for (long pid : pids) {
      assertTrue(Processes.awaitGone(pid, Duration.ofSeconds(10)), pid + " stopped");
    }
  }

  private ServicePlan plan(String release, String... roles) {
    RuntimeSpec runtime =
        new RuntimeSpec(
            Map.of(), List.of(), List.of(), List.of(WEB, CLOCK), Supervisor.SYSTEMD, List.of());
    HostSpec host = new HostSpec(HostAddress.LOCAL_HOST, List.of(roles), Map.of());
    return ServicePlan.of(runtime, host, deploy, release, systemd.python());
  }
}
