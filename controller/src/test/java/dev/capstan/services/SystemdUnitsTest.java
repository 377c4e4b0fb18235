package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.RuntimeSpec;
import dev.capstan.testing.RequiredTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated systemd units. There is no systemd running here: they are checked with {@code
 * systemd-analyze verify} (Debian package systemd), never started.
 */
class SystemdUnitsTest {

  private static final String DEPLOY = "/srv/app";

  private static ServicePlan plan() {
    RuntimeSpec runtime =
        ServiceFilesTest.runtime(
            Map.of("A", "1"),
            ServiceFilesTest.WEB,
            ServiceFilesTest.WORKER,
            ServiceFilesTest.CLOCK);
    return ServicePlan.of(
        runtime,
        ServiceFilesTest.host(List.of("web", "worker"), Map.of()),
        DEPLOY,
        "r1",
        "venv/bin/python");
  }

  @ParameterizedTest
  @EnumSource(SystemdUnits.Scope.class)
  void unitsPassSystemdAnalyzeVerify(SystemdUnits.Scope scope, @TempDir Path temp)
      throws Exception {
    Path analyze = RequiredTools.program("systemd-analyze", "systemd");
    List<GeneratedFile> files =
        SystemdUnits.generate(
            plan(), scope, temp.toString(), scope == SystemdUnits.Scope.SYSTEM ? "root" : null);
    List<String> units = new ArrayList<>();
    for (GeneratedFile file : files) {
      if (file.path().startsWith(temp.toString())) {
        Files.writeString(Path.of(file.path()), file.content());
        units.add(file.path());
      }
    }
    String prefix = SystemdUnits.prefix(DEPLOY);
    assertEquals(
        List.of(
            prefix + "-web.socket",
            prefix + "-web.service",
            prefix + "-worker.service",
            prefix + "-clock.service"),
        units.stream().map(u -> Path.of(u).getFileName().toString()).toList());

    List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify"));
    if (scope == SystemdUnits.Scope.USER) {
      command.add("--user");
    }
    command.addAll(units);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The units refer to each other by name: systemd looks for them here, then where it always
    // does.
    builder.environment().put("SYSTEMD_UNIT_PATH", temp + ":");
    if (scope == SystemdUnits.Scope.USER) {
      // A user manager needs its runtime folder, which no login made here.
      builder
          .environment()
          .put("XDG_RUNTIME_DIR", Files.createDirectories(temp.resolve("runtime")).toString());
    }
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "systemd-analyze verify finished");
    System.out.println(
        "systemd-analyze verify ("
            + scope
            + "): exit "
            + process.exitValue()
            + (out.isBlank() ? ", no findings" : ":\n" + out));
    assertEquals(0, process.exitValue(), out);
    List<String> findings =
        out.lines().filter(l -> l.contains(prefix) || l.contains("/srv/app")).toList();
    assertEquals(List.of(), findings, "findings about Capstan's units:\n" + out);
  }

  @Test
  void gunicornGetsASocketUnitAndTheHeldDescriptor() {
    List<GeneratedFile> files =
        SystemdUnits.generate(
            plan(), SystemdUnits.Scope.USER, "/home/deploy/.config/systemd/user", null);
    String prefix = SystemdUnits.prefix(DEPLOY);
    String socket = content(files, prefix + "-web.socket");
    assertTrue(socket.contains("\nListenStream=127.0.0.1:8000\n"), socket);
    String service = content(files, prefix + "-web.service");
    assertTrue(service.contains("\nRequires=" + prefix + "-web.socket\n"), service);
    assertTrue(service.contains("\nExecStart=/bin/sh /srv/app/.capstan/systemd/launch/web.sh\n"));
    assertTrue(service.contains("\nTimeoutStopSec=20\n"), service);
    assertTrue(service.contains("\nWantedBy=default.target\n"), service);
    assertTrue(service.contains("\nStandardOutput=journal\nStandardError=inherit\n"), service);
    assertTrue(service.contains("\nSyslogIdentifier=web\n"), service);
    assertTrue(content(files, "web.sh").contains("'--bind' 'fd://3'"));
    String worker = content(files, prefix + "-worker.service");
    assertTrue(worker.contains("\nKillSignal=SIGTERM\n") && !worker.contains("Requires="), worker);
  }

  @Test
  void systemUnitsRunAsTheDeployUser() {
    List<GeneratedFile> files =
        SystemdUnits.generate(plan(), SystemdUnits.Scope.SYSTEM, "/etc/systemd/system", "deploy");
    String service = content(files, SystemdUnits.prefix(DEPLOY) + "-clock.service");
    assertTrue(service.contains("\nUser=deploy\n"), service);
    assertTrue(service.contains("\nWantedBy=multi-user.target\n"), service);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SystemdUnits.generate(
                plan(),
                SystemdUnits.Scope.SYSTEM,
                "/etc/systemd/system",
                "deploy\nExecStartPre=/bin/rm"));
  }

  @Test
  void twoDeployPathsNeverShareAUnit() {
    assertNotEquals(SystemdUnits.prefix("/srv/a/app"), SystemdUnits.prefix("/srv/b/app"));
    assertTrue(SystemdUnits.prefix("/srv/my.app").matches("capstan-my_app-[0-9a-f]{8}"));
  }

  private static String content(List<GeneratedFile> files, String name) {
    return files.stream()
        .filter(f -> f.path().endsWith("/" + name))
        .findFirst()
        .orElseThrow()
        .content();
  }
}
