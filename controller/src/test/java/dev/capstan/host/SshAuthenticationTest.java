package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.HostException.Kind;
import dev.capstan.testing.DeployUser;
import dev.capstan.testing.OpenSshTools;
import dev.capstan.testing.SshAgentProcess;
import dev.capstan.testing.SshdHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in as operators do, against a real sshd as a non-root user: keys held by a real ssh-agent
 * (ed25519 and RSA, the latter signing with rsa-sha2-512), passphrase-protected OpenSSH keys, the
 * ssh config file's aliases, and known_hosts lines marked {@code @revoked}.
 */
class SshAuthenticationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String PASSPHRASE = "correct horse battery staple";

  @TempDir static Path keys;
  @TempDir Path tmp;

  private static String user;
  private static Path ed25519;
  private static Path rsa;
  private static Path protectedEd25519;
  private static Path protectedRsa;
  private static SshdHost sshd;
  private static Path knownHosts;

  @BeforeAll
  static void start() throws Exception {
    user = DeployUser.ensure();
    ed25519 = OpenSshTools.keygen(keys.resolve("agent_ed25519"), "ed25519");
    rsa = OpenSshTools.keygen(keys.resolve("agent_rsa"), "rsa");
    protectedEd25519 =
        OpenSshTools.keygen(keys.resolve("protected_ed25519"), "ed25519", PASSPHRASE);
    protectedRsa = OpenSshTools.keygen(keys.resolve("protected_rsa"), "rsa", PASSPHRASE);
    SshdHost.Builder builder = SshdHost.builder().hostDirOwner(user);
    for (Path key : List.of(ed25519, rsa, protectedEd25519, protectedRsa)) {
      builder.authorizedKey(OpenSshTools.publicKey(key));
    }
    sshd = builder.start();
    knownHosts = Files.writeString(keys.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
  }

  @AfterAll
  static void stop() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void logsInWithAnEd25519KeyHeldOnlyByTheAgent() throws Exception {
    try (SshAgentProcess agent = SshAgentProcess.start(tmp)) {
      agent.add(ed25519);
      SshCredentials credentials =
          new SshCredentials(null, knownHosts, TIMEOUT).withAgent(agent.socket());
      try (SshHost host = SshHost.connect(sshd.address(user), credentials)) {
        assertEquals(user + "\n", host.exec("id -un", TIMEOUT).stdout());
      }
    }
    assertTrue(sshd.log().contains("Accepted publickey for " + user), sshd.log());
  }

  @Test
  void logsInWithAnRsaKeyHeldOnlyByTheAgentSigningWithSha2() throws Exception {
    try (SshAgentProcess agent = SshAgentProcess.start(tmp)) {
      agent.add(rsa);
      SshCredentials credentials =
          new SshCredentials(null, knownHosts, TIMEOUT).withAgent(agent.socket());
      try (SshHost host = SshHost.connect(sshd.address(user), credentials)) {
        assertEquals("ok\n", host.exec("echo ok", TIMEOUT).stdout());
      }
    }
    assertTrue(
        sshd.log().contains("Accepted publickey for " + user + " from 127.0.0.1")
            && sshd.log().contains("RSA SHA256:"),
        sshd.log());
  }

  @Test
  void anEmptyAgentIsRefusedSayingItHoldsNoKey() throws Exception {
    try (SshAgentProcess agent = SshAgentProcess.start(tmp)) {
      SshCredentials credentials =
          new SshCredentials(null, knownHosts, TIMEOUT).withAgent(agent.socket()).withConfig(null);
      HostException e =
          assertThrows(
              HostException.class, () -> SshHost.connect(sshd.address(user), credentials).close());
      assertEquals(Kind.AUTH_FAILED, e.kind());
      assertTrue(e.getMessage().contains("holds no key"), e.getMessage());
    }
  }

  @Test
  void logsInWithPassphraseProtectedEd25519AndRsaKeys() throws Exception {
    Path passphrase = Files.writeString(tmp.resolve("passphrase"), PASSPHRASE + "\n");
    for (Path key : List.of(protectedEd25519, protectedRsa)) {
      SshCredentials credentials =
          new SshCredentials(key, knownHosts, TIMEOUT).withPrivateKey(key, passphrase);
      try (SshHost host = SshHost.connect(sshd.address(user), credentials)) {
        assertEquals(user + "\n", host.exec("id -un", TIMEOUT).stdout(), key.toString());
      }
    }
  }

  @Test
  void aProtectedKeyWithoutItsPassphraseSaysWhatToSetAndNeverShowsAPassphrase() throws Exception {
    HostException missing =
        assertThrows(
            HostException.class,
            () ->
                SshHost.connect(
                        sshd.address(user),
                        new SshCredentials(protectedEd25519, knownHosts, TIMEOUT))
                    .close());
    assertEquals(Kind.AUTH_FAILED, missing.kind());
    assertTrue(missing.getMessage().contains("passphraseFile"), missing.getMessage());

    Path wrong = Files.writeString(tmp.resolve("wrong"), "not the passphrase\n");
    HostException refused =
        assertThrows(
            HostException.class,
            () ->
                SshHost.connect(
                        sshd.address(user),
                        new SshCredentials(null, knownHosts, TIMEOUT)
                            .withPrivateKey(protectedEd25519, wrong))
                    .close());
    assertEquals(Kind.AUTH_FAILED, refused.kind());
    assertTrue(refused.getMessage().contains(protectedEd25519.toString()), refused.getMessage());
    assertFalse(refused.getMessage().contains("not the passphrase"), refused.getMessage());
  }

  @Test
  void resolvesAnAliasThroughTheSshConfigFile() throws Exception {
    Path config =
        Files.writeString(
            tmp.resolve("config"),
            String.join(
                "\n",
                "# written by the test",
                "Host web1",
                "  HostName 127.0.0.1",
                "  Port " + sshd.port(),
                "  User " + user,
                "  IdentityFile " + ed25519,
                "  ForwardAgent no",
                "Host *",
                "  User nobody-else",
                "  Port 1",
                "  ServerAliveInterval 30",
                ""));
    SshCredentials credentials = new SshCredentials(null, knownHosts, TIMEOUT).withConfig(config);
    try (SshHost host = SshHost.connect(dev.capstan.model.HostAddress.parse("web1"), credentials)) {
      assertEquals(user + "\n", host.exec("id -un", TIMEOUT).stdout());
      assertEquals("web1", host.name());
    }
  }

  @Test
  void knownHostsFromTheConfigFileWhenTheSpecGivesNone() throws Exception {
    Path config =
        Files.writeString(
            tmp.resolve("config"),
            String.join(
                "\n",
                "Host web1",
                "  HostName=127.0.0.1",
                "  Port=" + sshd.port(),
                "  User " + user,
                "  IdentityFile " + ed25519,
                "  UserKnownHostsFile " + tmp.resolve("no_such_known_hosts"),
                ""));
    SshCredentials credentials = new SshCredentials(null, null, TIMEOUT).withConfig(config);
    HostException e =
        assertThrows(
            HostException.class,
            () ->
                SshHost.connect(dev.capstan.model.HostAddress.parse("web1"), credentials).close());
    assertEquals(Kind.HOST_KEY_REJECTED, e.kind());
    assertTrue(e.getMessage().contains("no_such_known_hosts"), e.getMessage());
  }

  @Test
  void aRevokedHostKeyIsRefusedEvenWhenAlsoListedPlainly() throws Exception {
    String hostKey = sshd.hostKey();
    String host = "[127.0.0.1]:" + sshd.port();
    for (List<String> lines :
        List.of(
            List.of(host + " " + hostKey, "@revoked " + host + " " + hostKey),
            List.of("@revoked " + host + " " + hostKey, host + " " + hostKey),
            List.of(host + " " + hostKey, "@revoked * " + hostKey))) {
      Path file = Files.write(tmp.resolve("known_hosts_revoked"), lines);
      HostException e =
          assertThrows(
              HostException.class,
              () ->
                  SshHost.connect(sshd.address(user), new SshCredentials(ed25519, file, TIMEOUT))
                      .close());
      assertEquals(Kind.HOST_KEY_REJECTED, e.kind(), lines.toString());
      assertTrue(e.getMessage().contains("@revoked"), e.getMessage());
    }
  }

  @Test
  void aRevokedOldKeyDoesNotHideTheCurrentOne() throws Exception {
    String old =
        OpenSshTools.publicKey(OpenSshTools.keygen(tmp.resolve("old_host_key"), "ed25519"));
    String host = "[127.0.0.1]:" + sshd.port();
    Path file =
        Files.write(
            tmp.resolve("known_hosts_rotated"),
            List.of("@revoked " + host + " " + old, host + " " + sshd.hostKey()));
    try (SshHost connected =
        SshHost.connect(sshd.address(user), new SshCredentials(ed25519, file, TIMEOUT))) {
      assertEquals("ok\n", connected.exec("echo ok", TIMEOUT).stdout());
    }
  }
}
