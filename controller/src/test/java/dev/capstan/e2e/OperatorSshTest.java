package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.DeployUser;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.SshAgentProcess;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys as operators reach their hosts, on two real OpenSSH hosts each, always as an ordinary
 * user that owns deployPath: the key held only by a real ssh-agent (SSH_AUTH_SOCK of a controller
 * process), an ed25519 key protected by a passphrase read from a file, host aliases resolved
 * through an ssh config file, and {@code validate} catching a missing key file offline.
 */
class OperatorSshTest {

  private static final String MOUNT = "/srv/capstan-operator-ssh";
  private static final String PASSPHRASE = "a passphrase with spaces";

  @TempDir static Path work;

  private static String user;
  private static SshdHosts hosts;
  private static SshdHosts protectedHosts;
  private static GitRepo repo;
  private String test;

  @BeforeAll
  static void start() {
    user = DeployUser.ensure();
    hosts = SshdHosts.builder().count(2).bindAt(MOUNT).hostDirOwner(user).start();
    protectedHosts =
        SshdHosts.builder()
            .count(2)
            .bindAt(MOUNT)
            .hostDirOwner(user)
            .clientKeyPassphrase(PASSPHRASE)
            .start();
    repo = GitRepo.init(work.resolve("repo"));
    repo.write("app/version.txt", "v1\n").write("app/build-step", "id -un > built-by.txt\n");
    repo.commit("v1");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {repo, hosts, protectedHosts}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void deploysToTwoHostsWithTheKeyOnlyInAnSshAgent(TestInfo info) throws Exception {
    test = info.getTestMethod().orElseThrow().getName();
    Path home = Files.createDirectories(work.resolve(test + "-home")); // no ~/.ssh at all
    try (SshAgentProcess agent =
        SshAgentProcess.start(Files.createDirectories(work.resolve(test)))) {
      agent.add(hosts.privateKey());
      Path yaml =
          writeDesiredState(
              List.of(address(hosts, 0), address(hosts, 1)),
              "    knownHosts: {file: " + hosts.knownHosts() + "}");

      Result apply = runController(yaml, agent.socket(), home);

      assertEquals(0, apply.exit(), apply.output());
    }
    assertDeployedAsUser(hosts);
  }

  @Test
  void deploysWithAPassphraseProtectedEd25519Key(TestInfo info) throws Exception {
    test = info.getTestMethod().orElseThrow().getName();
    Path passphrase = Files.writeString(work.resolve("passphrase"), PASSPHRASE + "\n");
    Path yaml =
        writeDesiredState(
            List.of(address(protectedHosts, 0), address(protectedHosts, 1)),
            "    privateKey: {file: "
                + protectedHosts.privateKey()
                + ", passphraseFile: "
                + passphrase
                + "}",
            "    knownHosts: {file: " + protectedHosts.knownHosts() + "}",
            "    agent: false");

    CliRun apply = CliRun.run("apply", "-f", yaml.toString(), "--cache-dir", cache());

    assertEquals(0, apply.exitCode(), apply.all());
    assertTrue(!apply.all().contains(PASSPHRASE), "the passphrase is never printed");
    assertDeployedAsUser(protectedHosts);
  }

  @Test
  void resolvesHostAliasesThroughAnSshConfigFile(TestInfo info) throws Exception {
    test = info.getTestMethod().orElseThrow().getName();
    List<String> config = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      config.addAll(
          List.of(
              "Host web" + (i + 1),
              "  HostName 127.0.0.1",
              "  Port " + hosts.host(i).port(),
              "  User " + user,
              "  IdentityFile " + hosts.privateKey()));
    }
    config.addAll(List.of("Host *", "  ServerAliveInterval 15", "  User root"));
    Path configFile = Files.write(work.resolve(test + ".ssh_config"), config);
    Path yaml =
        writeDesiredState(
            List.of("web1", "web2"),
            "    config: {file: " + configFile + "}",
            "    knownHosts: {file: " + hosts.knownHosts() + "}",
            "    agent: false");

    CliRun apply = CliRun.run("apply", "-f", yaml.toString(), "--cache-dir", cache());

    assertEquals(0, apply.exitCode(), apply.all());
    assertTrue(apply.out().contains("web1") && apply.out().contains("web2"), apply.all());
    assertDeployedAsUser(hosts);
  }

  @Test
  void validateNamesAMissingKeyFileAndExits2(TestInfo info) throws Exception {
    test = info.getTestMethod().orElseThrow().getName();
    Path missing = work.resolve("no-such-key");
    Path yaml =
        writeDesiredState(
            List.of(address(hosts, 0)),
            "    privateKey: {file: " + missing + "}",
            "    knownHosts: {file: " + hosts.knownHosts() + "}");

    CliRun validate = CliRun.run("validate", "-f", yaml.toString());

    assertEquals(2, validate.exitCode(), validate.all());
    assertTrue(validate.err().contains(yaml + ":"), validate.all());
    assertTrue(
        validate
            .err()
            .contains("spec.ssh.privateKey.file: private key " + missing + " does not exist"),
        validate.all());
  }

  private String cache() {
    return work.resolve("cache-" + test).toString();
  }

  private static String address(SshdHosts fleet, int host) {
    return user + "@127.0.0.1:" + fleet.host(host).port();
  }

  private void assertDeployedAsUser(SshdHosts fleet) throws IOException {
    for (int i = 0; i < 2; i++) {
      Path deploy = fleet.host(i).hostDir().resolve(test);
      Path current = deploy.resolve("current");
      assertTrue(Files.isSymbolicLink(current), "host " + i + ": " + deploy);
      Path release = current.toRealPath();
      assertEquals(user + "\n", Files.readString(release.resolve("built-by.txt")));
      assertEquals(user, Files.getOwner(release, LinkOption.NOFOLLOW_LINKS).getName());
      assertEquals(user, Files.getOwner(current, LinkOption.NOFOLLOW_LINKS).getName());
    }
  }

  private Path writeDesiredState(List<String> targets, String... sshLines) throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Application",
                "metadata: {name: tiny}",
                "spec:",
                "  repository: {url: repo, subPath: app}",
                "  deployPath: " + MOUNT + "/" + test,
                "  keepReleases: 3",
                "  shared: {dirs: [logs]}",
                "  build: [\"sh build-step\"]",
                "  activate: [\"echo \\\"$CAPSTAN_COMMIT\\\" >> logs/activations\"]",
                "  healthCheck: {command: \"test -f version.txt\", timeoutSeconds: 5, retries: 0}",
                "---",
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Environment",
                "metadata: {name: test}",
                "spec:",
                "  application: tiny",
                "  revision: main",
                "  hosts: ["
                    + String.join(", ", targets.stream().map(t -> "\"" + t + "\"").toList())
                    + "]",
                "  ssh:"));
    lines.addAll(List.of(sshLines));
    return Files.write(work.resolve(test + ".yaml"), lines, StandardCharsets.UTF_8);
  }

  private record Result(int exit, String output) {}

  /** {@code capstan apply} as its own process, with SSH_AUTH_SOCK as a shell would set it. */
  private Result runController(Path yaml, Path agentSocket, Path home) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = work.resolve(test + ".out");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Duser.home=" + home,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.capstan.cli.Main",
                "apply",
                "-f",
                yaml.toString(),
                "--cache-dir",
                cache())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
    builder.environment().put("HOME", home.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("capstan apply did not finish: " + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }
}
