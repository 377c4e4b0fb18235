package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.ServiceSpec;
import dev.capstan.model.Supervisor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the pure part generates: plans, supervisord sections, launchers. */
class ServiceFilesTest {

  private static final String DEPLOY = "/srv/app";

  static final ServiceSpec WEB =
      new ServiceSpec(
          "web",
          new ServiceSpec.Gunicorn(
              "app.wsgi:application", "127.0.0.1", 8000, 3, List.of("--timeout", "60")),
          Map.of(),
          Duration.ofSeconds(20),
          List.of("web"));
  static final ServiceSpec WORKER =
      new ServiceSpec(
          "worker",
          new ServiceSpec.Celery("app", List.of("worker", "-l", "INFO")),
          Map.of("QUEUE", "default"),
          Duration.ofMillis(1500),
          List.of("worker"));
  static final ServiceSpec CLOCK =
      new ServiceSpec(
          "clock",
          new ServiceSpec.Command("venv/bin/python manage.py runclock"),
          Map.of(),
          Duration.ofSeconds(30),
          List.of());

  static RuntimeSpec runtime(Map<String, String> env, ServiceSpec... services) {
    return new RuntimeSpec(
        env, List.of(), List.of(), List.of(services), Supervisor.SUPERVISORD, List.of());
  }

  static HostSpec host(List<String> roles, Map<String, String> env) {
    return new HostSpec(HostAddress.LOCAL_HOST, roles, env);
  }

  static Stream<Arguments> roles() {
    return Stream.of(
        Arguments.of(List.of(), List.of("clock")),
        Arguments.of(List.of("web"), List.of("web", "clock")),
        Arguments.of(List.of("worker"), List.of("worker", "clock")),
        Arguments.of(List.of("web", "worker"), List.of("web", "worker", "clock")));
  }

  @ParameterizedTest(name = "roles {0} run {1}")
  @MethodSource("roles")
  void aServiceWithRolesRunsOnlyOnHostsThatHaveOne(List<String> roles, List<String> expected) {
    ServicePlan plan =
        ServicePlan.of(
            runtime(Map.of(), WEB, WORKER, CLOCK),
            host(roles, Map.of()),
            DEPLOY,
            "20260101-1",
            "venv/bin/python");
    assertEquals(expected, plan.runs().stream().map(ServiceRun::name).toList());
  }

  @Test
  void envIsTheReleaseThenTheAppsThenTheHostsThenTheServices() {
    Map<String, String> app = new LinkedHashMap<>();
    app.put("A", "app");
    app.put("QUEUE", "app");
    app.put("PORT", "app");
    ServicePlan plan =
        ServicePlan.of(
            runtime(app, WORKER),
            host(List.of("worker"), Map.of("PORT", "8001")),
            DEPLOY,
            "r1",
            "venv/bin/python");
    ServiceRun run = plan.runs().get(0);
    assertEquals(
        List.of("CAPSTAN_RELEASE", "A", "QUEUE", "PORT", "CAPSTAN_SERVICE_DIGEST"),
        List.copyOf(run.env().keySet()));
    assertEquals(
        Map.of(
            "CAPSTAN_RELEASE",
            "r1",
            "A",
            "app",
            "QUEUE",
            "default",
            "PORT",
            "8001",
            "CAPSTAN_SERVICE_DIGEST",
            run.definitionDigest()),
        run.env());
    assertEquals("/srv/app/releases/r1", run.releaseDir(), "the release folder, not current");
  }

  static Stream<Arguments> argvs() {
    return Stream.of(
        Arguments.of(
            WEB,
            List.of(
                "venv/bin/python",
                "-m",
                "gunicorn",
                "--workers",
                "3",
                "--timeout",
                "60",
                "app.wsgi:application")),
        Arguments.of(
            WORKER,
            List.of("venv/bin/python", "-m", "celery", "-A", "app", "worker", "-l", "INFO")),
        Arguments.of(CLOCK, List.of("/bin/sh", "-c", "venv/bin/python manage.py runclock")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("argvs")
  void eachPresetHasItsCommandLine(ServiceSpec service, List<String> argv) {
    ServicePlan plan =
        ServicePlan.of(
            runtime(Map.of(), service),
            host(List.of("web", "worker"), Map.of()),
            DEPLOY,
            "r1",
            "venv/bin/python");
    assertEquals(argv, plan.runs().get(0).argv());
  }

  static Stream<Arguments> sections() {
    return Stream.of(
        Arguments.of(
            WEB,
            List.of(
                "[fcgi-program:web]",
                "socket=tcp://127.0.0.1:8000",
                "numprocs=2",
                "process_name=%(program_name)s_%(process_num)d",
                "command=/bin/sh /srv/app/.capstan/supervisor/launch/web.sh",
                "stopsignal=TERM",
                "stopwaitsecs=20",
                "stdout_logfile=/srv/app/.capstan/supervisor/logs/web.log")),
        Arguments.of(
            WORKER,
            List.of(
                "[program:worker]",
                "command=/bin/sh /srv/app/.capstan/supervisor/launch/worker.sh",
                "stopsignal=TERM",
                "stopwaitsecs=2")),
        Arguments.of(CLOCK, List.of("[program:clock]", "stopwaitsecs=30")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sections")
  void eachServiceHasItsSection(ServiceSpec service, List<String> lines) {
    ServicePlan plan =
        ServicePlan.of(
            runtime(Map.of(), service),
            host(List.of("web", "worker"), Map.of()),
            DEPLOY,
            "r1",
            "venv/bin/python");
    String section = SupervisordFiles.program(DEPLOY, plan.runs().get(0));
    List<String> actual = section.lines().toList();
    for (String line : lines) {
      assertTrue(actual.contains(line), line + " in\n" + section);
    }
    assertFalse(section.contains("r1"), "no section names the release: a switch changes none");
  }

  @Test
  void theSupervisordKeepsEverythingInItsFolder() {
    String main = SupervisordFiles.main(DEPLOY);
    for (String line :
        List.of(
            "file=/srv/app/.capstan/supervisor/supervisor.sock",
            "pidfile=/srv/app/.capstan/supervisor/supervisord.pid",
            "logfile=/srv/app/.capstan/supervisor/supervisord.log",
            "serverurl=unix:///srv/app/.capstan/supervisor/supervisor.sock",
            "files=/srv/app/.capstan/supervisor/programs/*.conf")) {
      assertTrue(main.lines().toList().contains(line), line + " in\n" + main);
    }
    assertFalse(main.contains("user="), "runs as whoever starts it: the deploy user");
  }

  @Test
  void stopTimeoutsRoundUpToWholeSeconds() {
    assertEquals(2, SupervisordFiles.seconds(Duration.ofMillis(1500)));
    assertEquals(30, SupervisordFiles.seconds(Duration.ofSeconds(30)));
    assertEquals(1, SupervisordFiles.seconds(Duration.ofMillis(1)));
  }

  @Test
  void refusesWhatCouldBreakAConfigurationLine() {
    RuntimeSpec runtime = runtime(Map.of(), CLOCK);
    HostSpec host = host(List.of(), Map.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> ServicePlan.of(runtime, host, "/srv/a%b", "r1", "python3"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServicePlan.of(runtime, host, "/srv/app\n[program:x]", "r1", "python3"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServicePlan.of(runtime, host, DEPLOY, "r 1", "python3"));
  }

  /** The launcher run for real by /bin/sh: every value reaches the process exactly. */
  @Test
  void theLauncherHandsEveryValueOverExactly(@TempDir Path temp) throws Exception {
    String deploy = temp.toRealPath().toString();
    Files.createDirectories(Path.of(deploy, "releases", "r1"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUOTES", "it's \"x\"");
    env.put("SHELL_CHARS", "$HOME `id` $(id) ; | & * ? ~ # %");
    env.put("SPACES", "  a  b  ");
    env.put("EMPTY", "");
    env.put("UNICODE", "naïve ✓");
    ServiceSpec printer =
        new ServiceSpec(
            "printer",
            new ServiceSpec.Command("env; pwd"),
            Map.of(),
            Duration.ofSeconds(1),
            List.of());
    ServicePlan plan =
        ServicePlan.of(runtime(env, printer), host(List.of(), Map.of()), deploy, "r1", "python3");
    Path launcher = temp.resolve("launch.sh");
    Files.writeString(launcher, Launchers.launcher(plan.runs().get(0), "fd://0"));

    Process process =
        new ProcessBuilder("/bin/sh", launcher.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    List<String> lines = out.lines().toList();
    for (Map.Entry<String, String> e : env.entrySet()) {
      assertTrue(lines.contains(e.getKey() + "=" + e.getValue()), e + " in\n" + out);
    }
    assertTrue(lines.contains("CAPSTAN_RELEASE=r1"), out);
    assertEquals(deploy + "/releases/r1", lines.get(lines.size() - 1), "runs in the release");
  }

  /** envFiles, read by the launcher at each start: KEY=VALUE, quotes removed, nothing expanded. */
  @Test
  void theLauncherReadsTheEnvFiles(@TempDir Path temp) throws Exception {
    String deploy = temp.toRealPath().toString();
    Files.createDirectories(Path.of(deploy, "releases", "r1"));
    Files.createDirectories(Path.of(deploy, "shared"));
    Files.writeString(
        Path.of(deploy, "shared", ".env"),
        String.join(
            "\n",
            "# a comment",
            "",
            "DATABASE_URL=postgres://u:p@db/app?x=1",
            "export QUOTED=\"a b\"",
            "SINGLE='it''s'",
            "  INDENTED=$HOME `id`",
            "SPEC_WINS=file",
            "EMPTY=",
            "LAST=no newline"));
    ServiceSpec printer =
        new ServiceSpec(
            "printer", new ServiceSpec.Command("env"), Map.of(), Duration.ofSeconds(1), List.of());
    RuntimeSpec runtime =
        new RuntimeSpec(
            Map.of("SPEC_WINS", "spec"),
            List.of(".env"),
            List.of(),
            List.of(printer),
            Supervisor.SUPERVISORD,
            List.of());
    ServicePlan plan = ServicePlan.of(runtime, host(List.of(), Map.of()), deploy, "r1", "python3");
    String launcher = Launchers.launcher(plan.runs().get(0), "fd://0");
    String out = runLauncher(temp, launcher);
    List<String> lines = out.lines().toList();
    for (String expected :
        List.of(
            "DATABASE_URL=postgres://u:p@db/app?x=1",
            "QUOTED=a b",
            "SINGLE=it''s",
            "INDENTED=$HOME `id`",
            "SPEC_WINS=spec",
            "EMPTY=",
            "LAST=no newline",
            "CAPSTAN_RELEASE=r1")) {
      assertTrue(lines.contains(expected), expected + " in\n" + out + "\nfrom\n" + launcher);
    }

    Files.delete(Path.of(deploy, "shared", ".env"));
    String missing = runLauncher(temp, launcher);
    assertTrue(
        missing.contains("capstan: env file " + deploy + "/shared/.env is missing"), missing);
    assertFalse(missing.contains("CAPSTAN_RELEASE="), "no start without its settings: " + missing);
  }

  /** Every launcher passes the shellcheck the build runs on the remote scripts. */
  @Test
  void launchersPassShellcheck(@TempDir Path temp) throws Exception {
    Path shellcheck = dev.capstan.testing.RequiredTools.program("shellcheck", "shellcheck");
    RuntimeSpec runtime =
        new RuntimeSpec(
            Map.of("A", "it's $x"),
            List.of(".env"),
            List.of(),
            List.of(WEB, WORKER, CLOCK),
            Supervisor.SUPERVISORD,
            List.of());
    ServicePlan plan =
        ServicePlan.of(
            runtime, host(List.of("web", "worker"), Map.of()), DEPLOY, "r1", "venv/bin/python");
    List<String> command =
        new java.util.ArrayList<>(List.of(shellcheck.toString(), "--shell=sh", "--severity=style"));
    for (ServiceRun run : plan.runs()) {
      Path file = temp.resolve(run.name() + ".sh");
      Files.writeString(file, Launchers.launcher(run, "fd://0"));
      command.add(file.toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
  }

  private static String runLauncher(Path temp, String launcher) throws Exception {
    Path file = temp.resolve("launch.sh");
    Files.writeString(file, launcher);
    Process process =
        new ProcessBuilder("/bin/sh", file.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void theGunicornLauncherBindsTheHeldSocket() throws IOException {
    ServicePlan plan =
        ServicePlan.of(
            runtime(Map.of(), WEB),
            host(List.of("web"), Map.of()),
            DEPLOY,
            "r1",
            "venv/bin/python");
    String launcher = Launchers.launcher(plan.runs().get(0), "fd://0");
    assertTrue(
        launcher.contains(
            "exec 'venv/bin/python' '-m' 'gunicorn' '--workers' '3'"
                + " '--timeout' '60' '--bind' 'fd://0' 'app.wsgi:application'\n"),
        launcher);
    assertTrue(launcher.contains("cd '/srv/app/releases/r1' || exit 1\n"), launcher);
  }
}
