package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.model.Supervisor;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.services.SystemdUnits.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which driver a host gets, and the record the host's observation says it with. */
class ServiceDriversTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final SystemdDriver.Account DEPLOY =
      new SystemdDriver.Account(1000, "deploy", "/home/deploy");

  static Stream<Arguments> choices() {
    return Stream.of(
        Arguments.of(Supervisor.AUTO, true, SystemdDriver.class),
        Arguments.of(Supervisor.AUTO, false, null),
        Arguments.of(Supervisor.SUPERVISORD, true, null),
        Arguments.of(Supervisor.SUPERVISORD, false, null),
        Arguments.of(Supervisor.SYSTEMD, true, SystemdDriver.class));
  }

  /** {@code null}: the supervisord of Capstan's own. */
  @ParameterizedTest(name = "{0}, systemd runs: {1}")
  @MethodSource("choices")
  void autoTakesSystemdWhereItIsTheInit(Supervisor configured, boolean systemdRuns, Class<?> want)
      throws Exception {
    ServiceDriver driver =
        ServiceDrivers.choose(
            configured, systemdRuns, new LocalHost(), "/srv/app", TIMEOUT, DEPLOY);
    if (want != null) {
      assertInstanceOf(want, driver);
    } else {
      assertFalse(driver instanceof SystemdDriver, driver.toString());
      assertEquals(
          "capstan_svc_status", driver.observation().calls().get(0).get(0), "supervisord's");
    }
  }

  @Test
  void systemdWhereItDoesNotRunIsRefusedSayingWhy() {
    ServiceException e =
        assertThrows(
            ServiceException.class,
            () ->
                ServiceDrivers.choose(
                    Supervisor.SYSTEMD, false, new LocalHost(), "/srv/app", TIMEOUT, DEPLOY));
    assertTrue(e.getMessage().contains("systemd is not the init of local"), e.getMessage());
    assertThrows(
        ServiceException.class,
        () ->
            ServiceDrivers.choose(
                Supervisor.AUTO, true, new LocalHost(), "/srv/app", TIMEOUT, null));
  }

  @Test
  void rootGetsSystemUnitsAnyoneElseUserUnitsInItsHome() {
    assertEquals(Scope.USER, DEPLOY.scope());
    assertEquals("/home/deploy/.config/systemd/user", DEPLOY.unitDir());
    SystemdDriver.Account root = new SystemdDriver.Account(0, "root", "/root");
    assertEquals(Scope.SYSTEM, root.scope());
    assertEquals("/etc/systemd/system", root.unitDir());
  }

  @Test
  void theInitRecordIsReadAndAUserUnitsCannotNameHasNoAccount() {
    assertEquals(
        new ServiceDrivers.HostInit(true, DEPLOY),
        ServiceDrivers.HostInit.parse("systemd 1000 deploy /home/deploy"));
    assertEquals(
        new ServiceDrivers.HostInit(false, DEPLOY),
        ServiceDrivers.HostInit.parse("none 1000 deploy /home/deploy"));
    assertNull(ServiceDrivers.HostInit.parse("systemd 1000 deploy").account(), "no home");
    assertNull(ServiceDrivers.HostInit.parse("systemd 1000 Dep\\loy /x").account());
    assertNull(ServiceDrivers.HostInit.parse("systemd 1000 deploy /home/my deploy").account());
    assertNull(ServiceDrivers.HostInit.parse("systemd").account());
  }

  /** Run for real here: this machine's answer, whatever it is, and who ran the script. */
  @Test
  void theInitFunctionSaysWhetherSystemdRunsHere() throws Exception {
    ScriptOutput output =
        RemoteScript.create().append(ServiceDrivers.init()).run(new LocalHost(), TIMEOUT);
    assertTrue(output.succeeded(), output.stderrTail(5));
    ServiceDrivers.HostInit init = ServiceDrivers.HostInit.parse(output).orElseThrow();
    boolean systemdHere = Files.isDirectory(Path.of("/run/systemd/system"));
    System.out.println(
        "capstan_svc_init on this machine: " + output.last(Marker.SERVICE_INIT).orElseThrow());
    assertEquals(systemdHere, init.systemdRuns());
    assertEquals(System.getProperty("user.name"), init.account().user());
    assertEquals(System.getenv("HOME"), init.account().home());
  }
}
