package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CapstanProcess;
import dev.capstan.testing.CapstanProcess.Result;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-shot commands that reach SSH hosts print nothing on stderr when all is well: no SLF4J notice,
 * no library chatter. Real processes with the logging configuration a user gets, against two real
 * OpenSSH hosts (several hosts are reached on threads of their own).
 */
class QuietStderrTest {

  private static final String MOUNT = "/srv/capstan-quiet";

  @TempDir Path work;
  private SshdHosts hosts;
  private Path yaml;

  @BeforeEach
  void start() throws IOException {
    hosts = SshdHosts.builder().count(2).bindAt(MOUNT).start();
    try (GitRepo repo = GitRepo.init(work.resolve("repo"))) {
      repo.write("app/version.txt", "v1\n").commit("v1");
    }
    yaml = work.resolve("capstan.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: quiet}",
            "spec:",
            "  repository: {url: repo, subPath: app}",
            "  deployPath: " + MOUNT + "/quiet",
            "  activate: [\"true\"]",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: quiet-test}",
            "spec:",
            "  application: quiet",
            "  revision: HEAD",
            "  hosts: [\"" + hosts.address(0) + "\", \"" + hosts.address(1) + "\"]",
            "  ssh:",
            "    privateKey: {file: " + hosts.privateKey() + "}",
            "    knownHosts: {file: " + hosts.knownHosts() + "}",
            ""));
  }

  @AfterEach
  void stop() {
    hosts.close();
  }

  @Test
  void planApplyAnInSyncApplyAndStatusPrintNothingOnStderr() throws Exception {
    Result plan = capstan("plan");
    assertEquals(0, plan.exitCode(), plan::toString);
    assertEquals("", plan.stderr(), () -> "plan wrote on stderr:\n" + plan);
    assertTrue(plan.stdout().contains("build release"), plan::toString);

    Result apply = capstan("apply");
    assertEquals(0, apply.exitCode(), apply::toString);
    assertEquals("", apply.stderr(), () -> "apply wrote on stderr:\n" + apply);
    for (int i = 0; i < 2; i++) {
      assertTrue(
          Files.exists(hosts.host(i).hostDir().resolve("quiet/current/REVISION")),
          "host " + i + " converged");
    }

    Result again = capstan("apply");
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals("", again.stderr(), () -> "the in-sync apply wrote on stderr:\n" + again);
    assertTrue(again.stdout().contains("in sync"), again::toString);

    Result status = capstan("status");
    assertEquals(0, status.exitCode(), status::toString);
    assertEquals("", status.stderr(), () -> "status wrote on stderr:\n" + status);
  }

  private Result capstan(String command) throws Exception {
    Result result =
        CapstanProcess.run(
            work.resolve("output"),
            List.of(),
            command,
            "-f",
            yaml.toString(),
            "--cache-dir",
            work.resolve("cache").toString());
    // Logback reports a problem with its configuration by printing all its status on stdout.
    assertFalse(
        result.stdout().contains("ch.qos.logback"),
        () -> command + " printed logback's status:\n" + result);
    return result;
  }
}
