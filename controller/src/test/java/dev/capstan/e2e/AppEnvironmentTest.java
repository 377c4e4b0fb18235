package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app's environment on two real OpenSSH hosts, without services: a config file written from the
 * controller into {@code shared/} (mode 0600, never shown), its KEY=VALUE lines and the
 * Application's, host's env reaching every step and {@code capstan exec}, whose output and exit
 * status are the command's own.
 */
class AppEnvironmentTest {

  private static final String MOUNT = "/srv/capstan-appenv";

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  @Test
  void configFilesAndEnvReachEveryStepAndExec() throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID();
    Path source = fleet.work().resolve("secrets/app.env");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "# written by the test\nTOKEN=" + secret + "\nFROM_FILE=file\n");
    String commit = commitApp("v1");
    writeDesiredState(commit);

    CliRun apply = fleet.apply();
    assertEquals(0, apply.exitCode(), apply.all());
    for (int host = 0; host < 2; host++) {
      Path written = fleet.deployDir(host).resolve("shared/app.env");
      assertEquals(Files.readString(source), Files.readString(written));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
      Path current = fleet.deployDir(host).resolve("current");
      assertEquals(
          "hello file web" + host + " " + secret.length() + "\n",
          Files.readString(current.resolve("built.txt")),
          "the build step saw the Application's env, the env file and the host's env");
    }
    assertFalse(apply.all().contains(secret), "the secret is in no line apply printed");

    CliRun exec =
        exec("--", "sh", "-c", "echo \"$GREETING $FROM_FILE $ROLE\"; echo oops >&2; exit 4");
    assertEquals(4, exec.exitCode(), exec.all());
    assertEquals("hello file web0\n", exec.out());
    assertEquals("oops\n", exec.err());
    CliRun second =
        exec("--host", fleet.hosts().address(1).toString(), "--", "sh", "-c", "echo $ROLE");
    assertEquals("web1\n", second.out(), second.all());
    assertEquals(1, exec("--", "false").exitCode());

    // The source changes: the next apply writes it again (no new release), and says only its path.
    Files.writeString(source, "TOKEN=" + secret + "-2\nFROM_FILE=changed\n");
    CliRun again = fleet.apply();
    assertEquals(0, again.exitCode(), again.all());
    assertTrue(again.out().contains("app.env"), again.all());
    assertFalse(again.all().contains(secret), again.all());
    assertEquals("changed\n", exec("--", "sh", "-c", "echo $FROM_FILE").out());
    CliRun status = fleet.capstan("status", "-o", "json");
    assertFalse(status.all().contains(secret), status.all());
  }

  private String commitApp(String version) {
    fleet.repo().write("app/version.txt", version + "\n");
    return fleet.repo().commit(version);
  }

  private CliRun exec(String... args) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "exec",
                "-f",
                fleet.yamlFile().toString(),
                "--cache-dir",
                fleet.cacheDir().toString()));
    all.addAll(List.of(args));
    return CliRun.run(all.toArray(String[]::new));
  }

  private void writeDesiredState(String revision) throws Exception {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: tiny}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  env: {GREETING: hello}",
        "  envFiles: [app.env]",
        "  configFiles: [{path: app.env, source: {file: secrets/app.env}}]",
        "  build: [\"echo \\\"$GREETING $FROM_FILE $ROLE ${#TOKEN}\\\" > built.txt\"]",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: tiny",
        "  revision: " + revision,
        "  hosts:",
        "  - {host: \"" + fleet.hosts().address(0) + "\", env: {ROLE: web0}}",
        "  - {host: \"" + fleet.hosts().address(1) + "\", env: {ROLE: web1}}",
        fleet.sshYaml(),
        "");
  }
}
