package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.HostException.Kind;
import dev.capstan.model.HostAddress;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.DeployUser;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.NetworkNamespace;
import dev.capstan.testing.OpenSshTools;
import dev.capstan.testing.SshdHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host reachable only through a bastion: both real sshds run in a network namespace of the test's
 * own; the bastion listens on the namespace's veth address (reachable from here), the target on the
 * namespace's loopback (reachable only from inside, so only through the bastion).
 */
class ProxyJumpTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path dir;

  private static String user;
  private static Path key;
  private static NetworkNamespace namespace;
  private static SshdHost bastion;
  private static SshdHost target;
  private static Path knownHosts;

  @BeforeAll
  static void start() throws Exception {
    user = DeployUser.ensure();
    key = OpenSshTools.keygen(dir.resolve("id_ed25519"), "ed25519");
    namespace = NetworkNamespace.create();
    String publicKey = OpenSshTools.publicKey(key);
    bastion =
        SshdHost.builder()
            .authorizedKey(publicKey)
            .inNetworkNamespace(namespace.name(), namespace.innerAddress())
            .start();
    target =
        SshdHost.builder()
            .authorizedKey(publicKey)
            .hostDirOwner(user)
            .inNetworkNamespace(namespace.name(), "127.0.0.1")
            .start();
    knownHosts =
        Files.write(
            dir.resolve("known_hosts"), List.of(bastion.knownHostsLine(), target.knownHostsLine()));
  }

  @AfterAll
  static void stop() {
    try {
      for (SshdHost host : new SshdHost[] {bastion, target}) {
        if (host != null) {
          host.close();
        }
      }
    } finally {
      if (namespace != null) {
        namespace.close();
      }
    }
  }

  private static String bastionJump() {
    return user + "@" + bastion.listenAddress() + ":" + bastion.port();
  }

  @Test
  void theTargetCannotBeReachedDirectly() {
    HostException e =
        assertThrows(
            HostException.class,
            () ->
                SshHost.connect(
                        target.address(user),
                        new SshCredentials(key, knownHosts, Duration.ofSeconds(3)))
                    .close());
    assertEquals(Kind.UNREACHABLE, e.kind(), e.getMessage());
  }

  @Test
  void reachesTheTargetThroughTheBastionAsANonRootUser() throws Exception {
    SshCredentials credentials =
        new SshCredentials(key, knownHosts, TIMEOUT).withProxyJump(bastionJump());
    try (SshHost host = SshHost.connect(target.address(user), credentials)) {
      assertEquals(user + "\n", host.exec("id -un", TIMEOUT).stdout());
    }
    assertTrue(target.log().contains("Accepted publickey for " + user), target.log());
  }

  @Test
  void followsProxyJumpFromTheConfigFileThroughTwoHops() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config"),
            String.join(
                "\n",
                "Host target",
                "  HostName 127.0.0.1",
                "  Port " + target.port(),
                "  User " + user,
                "  IdentityFile " + key,
                "  ProxyJump bastion,bastion",
                "Host bastion",
                "  HostName " + bastion.listenAddress(),
                "  Port " + bastion.port(),
                "  User " + user,
                "  IdentityFile " + key,
                ""));
    SshCredentials credentials = new SshCredentials(null, knownHosts, TIMEOUT).withConfig(config);
    try (SshHost host = SshHost.connect(HostAddress.parse("target"), credentials)) {
      assertEquals("ok\n", host.exec("echo ok", TIMEOUT).stdout());
    }
  }

  @Test
  void hostsBehindOneBastionShareOneConnectionToIt() throws Exception {
    SshCredentials credentials =
        new SshCredentials(key, knownHosts, TIMEOUT).withProxyJump(bastionJump());
    int loginsBefore = logins(bastion.log());
    try (SshHost first = SshHost.connect(target.address(user), credentials);
        SshHost second = SshHost.connect(target.address("root"), credentials)) {
      assertEquals("ok\n", first.exec("echo ok", TIMEOUT).stdout());
      assertEquals("root\n", second.exec("id -un", TIMEOUT).stdout());
      assertEquals(1, JumpHosts.SHARED.openChains());
      assertEquals(loginsBefore + 1, logins(bastion.log()), bastion.log());
    }
    assertEquals(0, JumpHosts.SHARED.openChains(), "closed with its last user");
  }

  @Test
  void aChangedBastionHostKeyRefusesTheConnection() throws Exception {
    String otherKey =
        OpenSshTools.publicKey(OpenSshTools.keygen(dir.resolve("other_host_key"), "ed25519"));
    Path changed =
        Files.write(
            dir.resolve("known_hosts_changed"),
            List.of(
                "[" + bastion.listenAddress() + "]:" + bastion.port() + " " + otherKey,
                target.knownHostsLine()));
    SshCredentials credentials =
        new SshCredentials(key, changed, TIMEOUT).withProxyJump(bastionJump());
    HostException e =
        assertThrows(
            HostException.class, () -> SshHost.connect(target.address(user), credentials).close());
    assertEquals(Kind.HOST_KEY_REJECTED, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("jump host " + bastionJump()), e.getMessage());
    assertTrue(e.getMessage().contains("has changed"), e.getMessage());
    assertEquals(0, JumpHosts.SHARED.openChains());
  }

  @Test
  void deploysThroughTheBastionAsANonRootUser() throws Exception {
    try (GitRepo repo = GitRepo.init(dir.resolve("repo"))) {
      repo.write("app/version.txt", "v1\n").write("app/build-step", "id -un > built-by.txt\n");
      repo.commit("v1");
      Path deploy = target.hostDir().resolve("app");
      Path yaml =
          Files.write(
              dir.resolve("deploy.yaml"),
              List.of(
                  "apiVersion: capstan.dev/v1alpha1",
                  "kind: Application",
                  "metadata: {name: tiny}",
                  "spec:",
                  "  repository: {url: repo, subPath: app}",
                  "  deployPath: " + deploy,
                  "  build: [\"sh build-step\"]",
                  "---",
                  "apiVersion: capstan.dev/v1alpha1",
                  "kind: Environment",
                  "metadata: {name: behind-bastion}",
                  "spec:",
                  "  application: tiny",
                  "  revision: main",
                  "  hosts: [\"" + target.address(user) + "\"]",
                  "  ssh:",
                  "    privateKey: {file: " + key + "}",
                  "    knownHosts: {file: " + knownHosts + "}",
                  "    proxyJump: \"" + bastionJump() + "\""));

      CliRun apply =
          CliRun.run(
              "apply", "-f", yaml.toString(), "--cache-dir", dir.resolve("cache").toString());

      assertEquals(0, apply.exitCode(), apply.all());
      Path release = deploy.resolve("current").toRealPath();
      assertEquals(user + "\n", Files.readString(release.resolve("built-by.txt")));
    }
  }

  private static int logins(String log) {
    Matcher matcher = Pattern.compile("Accepted publickey for").matcher(log);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
