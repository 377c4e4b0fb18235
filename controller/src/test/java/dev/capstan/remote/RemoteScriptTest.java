package dev.capstan.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.remote.Protocol.Marker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts built by {@link RemoteScript}, run by this machine's real {@code /bin/sh}. */
class RemoteScriptTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final LocalHost HOST = new LocalHost();

  @TempDir Path dir;

  @Test
  void onlyAScriptThatDrivesTheSupervisorCarriesItsFunctions() {
    String deploy = RemoteScript.create().call("capstan_prune", "/srv/app").text();
    String services = RemoteScript.create().call("capstan_svc_status", "/srv/app").text();

    assertFalse(deploy.contains("capstan_svc_status()"), "a deploy command stays short");
    assertTrue(services.contains("capstan_svc_status()"));
    assertTrue(deploy.length() < services.length());
  }

  @Test
  void onlyAScriptThatRunsADjangoFunctionCarriesItAndItsProgram() {
    String deploy = RemoteScript.create().call("capstan_prune", "/srv/app").text();
    String django =
        RemoteScript.create()
            .builtin(
                "migrations",
                "record migrations",
                List.of("capstan_django_known", "python3", "manage.py", ".capstan/m.json"))
            .text();

    assertFalse(deploy.contains("capstan_django_known()"), "a deploy command stays short");
    assertFalse(deploy.contains("MigrationLoader"));
    assertTrue(django.contains("capstan_django_known()"));
    assertTrue(django.contains("DJANGO_MIGRATIONS_PROGRAM="));
    assertTrue(django.contains("MigrationLoader"));
  }

  @Test
  void onlyAScriptThatRunsABackupFunctionCarriesThem() {
    String deploy = RemoteScript.create().call("capstan_prune", "/srv/app").text();
    String backup =
        RemoteScript.create()
            .builtin("list backups", "list", List.of("capstan_backup_list", "/srv/app"))
            .text();

    assertFalse(deploy.contains("capstan_backup_take()"), "a deploy command stays short");
    assertTrue(backup.contains("capstan_backup_take()"));
    assertTrue(backup.contains("EX_BACKUP_UNVERIFIED=51"));
  }

  @Test
  void everyScriptHasItsOwnRandomTag() {
    String tag = RemoteScript.create().tag();
    assertTrue(tag.matches("[0-9a-f]{16}"), tag);
    assertNotEquals(tag, RemoteScript.create().tag());
  }

  @Test
  void evenAStepThatKnowsTheTagCannotPrintARecord() throws Exception {
    RemoteScript script = RemoteScript.create();
    String forged = script.tag() + " lock-acquired";
    script.step("build[0]", "echo '" + forged + "'; printf '\\n%s\\n' '" + forged + "' >&2");
    ScriptOutput output = script.run(HOST, TIMEOUT);
    assertTrue(output.succeeded());
    assertEquals(List.of(), output.records());
    assertEquals(0, output.steps().get(0).exitStatus());
  }

  @Test
  void aFailingStepStopsTheScriptWithItsOwnStatusAndStreamsKeptApart() throws Exception {
    Path after = dir.resolve("after");
    ScriptOutput output =
        RemoteScript.create()
            .step("build[0]", "echo to-stdout; echo to-stderr >&2; exit 42")
            .step("build[1]", "touch '" + after + "'")
            .run(HOST, TIMEOUT);
    assertTrue(output.exited(Protocol.Exit.STEP_FAILED), "exit " + output.exitStatus());
    StepResult failure = output.failure().orElseThrow();
    assertEquals("build[0]", failure.name());
    assertEquals(42, failure.exitStatus());
    assertEquals("to-stdout", failure.stdoutTail());
    assertEquals("to-stderr", failure.stderrTail());
    assertFalse(Files.exists(after), "no step runs after a failed one");
    assertEquals(null, output.steps().get(1).exitStatus());
  }

  @Test
  void onlyAFailingStepsOutputComesBackUnlessVerbose() throws Exception {
    String noisy = "seq 1 40; echo warn >&2";
    ScriptOutput quiet = RemoteScript.create().step("build[0]", noisy).run(HOST, TIMEOUT);
    assertEquals("", quiet.steps().get(0).stdoutTail());

    ScriptOutput verbose =
        RemoteScript.create().verbose(true).step("build[0]", noisy).run(HOST, TIMEOUT);
    StepResult step = verbose.steps().get(0);
    assertEquals(Protocol.TAIL_LINES, step.stdoutTail().lines().count());
    assertTrue(step.stdoutTail().endsWith("39\n40"), step.stdoutTail());
    assertEquals("warn", step.stderrTail());
  }

  @Test
  void outputWithoutAFinalNewlineDoesNotSwallowTheNextRecord() throws Exception {
    ScriptOutput output =
        RemoteScript.create()
            .verbose(true)
            .step("build[0]", "printf 'no newline'")
            .step("build[1]", "printf 'x'; exit 3")
            .run(HOST, TIMEOUT);
    assertEquals("no newline", output.steps().get(0).stdoutTail());
    assertEquals(3, output.failure().orElseThrow().exitStatus());
    assertEquals("x", output.failure().orElseThrow().stdoutTail());
  }

  @Test
  void argumentsReachTheScriptsAsTheyWere() throws Exception {
    String nasty = "a b 'single' \"double\" $(touch /tmp/capstan-pwned) `id` ; | & \\ \n next";
    Path file = dir.resolve("written");
    ScriptOutput output =
        RemoteScript.create().call("capstan_write_file", file.toString(), nasty).run(HOST, TIMEOUT);
    assertTrue(output.succeeded(), output.stderrTail(5));
    assertEquals(nasty + "\n", Files.readString(file));
  }

  @Test
  void enteringAMissingReleaseIsAStepOfItsOwn() throws Exception {
    ScriptOutput output =
        RemoteScript.create()
            .enter(dir.resolve("missing").toString(), "env", "local", dir.toString(), "/tmp", null)
            .step("build[0]", "true")
            .run(HOST, TIMEOUT);
    assertTrue(output.exited(Protocol.Exit.ENTER_FAILED), "exit " + output.exitStatus());
    StepResult failure = output.failure().orElseThrow();
    assertEquals("enter release", failure.name());
    assertTrue(failure.stderrTail().contains("missing"), failure.stderrTail());
  }

  /** Markers and exit codes are named once, in {@link Protocol}: the shell uses only those. */
  @Test
  void theShellSpeaksExactlyTheMarkersAndExitCodesOfProtocol() {
    String shell =
        Arrays.stream(
                new String[] {
                  "protocol.sh",
                  "observe.sh",
                  "lock.sh",
                  "release.sh",
                  "virtualenv.sh",
                  "health.sh",
                  "services.sh",
                  "django.sh",
                  "rollback.sh",
                  "backup.sh",
                  "packages.sh",
                  "upgrade.sh"
                })
            .map(RemoteScript::resource)
            .collect(Collectors.joining("\n"));
    assertEquals(
        Arrays.stream(Marker.values())
            .map(Marker::wire)
            .collect(Collectors.toCollection(TreeSet::new)),
        found(Pattern.compile("capstan_emit ([a-z-]+)"), shell));
    assertEquals(
        Arrays.stream(Protocol.Exit.values())
            .map(Protocol.Exit::variable)
            .collect(Collectors.toCollection(TreeSet::new)),
        found(Pattern.compile("\\b(EX_[A-Z_]+)"), shell));
  }

  private static Set<String> found(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
