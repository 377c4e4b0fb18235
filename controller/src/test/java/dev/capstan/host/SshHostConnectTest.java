package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.HostException.Kind;
import dev.capstan.model.HostAddress;
import dev.capstan.testing.OpenSshTools;
import dev.capstan.testing.SshdHost;
import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting to a real sshd: host keys, client keys, addresses that do not answer. */
class SshHostConnectTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static SshdHosts sshd;

  @TempDir Path tmp;

  @BeforeAll
  static void startSshd() {
    sshd = SshdHosts.start(1);
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void logsInWithAnEd25519Key() throws HostException {
    try (SshHost host = SshHost.connect(sshd.address(0), sshd.credentials())) {
      assertEquals("root\n", host.exec("id -un", TIMEOUT).stdout());
    }
  }

  @Test
  void logsInWithAnRsaKey() throws HostException {
    try (SshdHosts rsa = SshdHosts.builder().clientKeyType("rsa").start();
        SshHost host = SshHost.connect(rsa.address(0), rsa.credentials())) {
      assertTrue(OpenSshTools.read(rsa.privateKey()).contains("BEGIN OPENSSH PRIVATE KEY"));
      assertEquals("root\n", host.exec("id -un", TIMEOUT).stdout());
    }
  }

  @Test
  void acceptsAHashedKnownHostsEntry() throws Exception {
    Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), line(sshd.host(0)) + "\n");
    OpenSshTools.hashKnownHosts(knownHosts);
    assertTrue(Files.readString(knownHosts).startsWith("|1|"), Files.readString(knownHosts));

    try (SshHost host = SshHost.connect(sshd.address(0), credentials(knownHosts))) {
      assertEquals("ok\n", host.exec("echo ok", TIMEOUT).stdout());
    }
  }

  @Test
  void refusesAnUnknownHostKeyNamingItsFingerprint() throws Exception {
    Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), otherHostLine());
    byte[] before = Files.readAllBytes(knownHosts);

    HostException e = assertThrows(HostException.class, () -> connect(knownHosts));

    assertEquals(Kind.HOST_KEY_REJECTED, e.kind());
    String expected =
        "host key for [127.0.0.1]:%d is not in %s (ssh-ed25519 %s)"
            .formatted(sshd.host(0).port(), knownHosts, fingerprint(sshd.host(0)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(knownHosts), "known_hosts must not change");
  }

  @Test
  void neverLogsInToAHostWithAnUnknownKey() throws Exception {
    try (SshdHosts lonely = SshdHosts.start(1)) {
      Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), "");

      HostException e =
          assertThrows(
              HostException.class,
              () -> SshHost.connect(lonely.address(0), credentials(knownHosts)));

      assertEquals(Kind.HOST_KEY_REJECTED, e.kind());
      assertFalse(lonely.host(0).log().contains("Accepted publickey"), lonely.host(0).log());
    }
  }

  @Test
  void refusesAChangedHostKey() throws Exception {
    Path otherKey = OpenSshTools.keygen(tmp.resolve("other_host_key"), "ed25519");
    String changed = "[127.0.0.1]:" + sshd.host(0).port() + " " + OpenSshTools.publicKey(otherKey);
    Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), changed + "\n");

    HostException e = assertThrows(HostException.class, () -> connect(knownHosts));

    assertEquals(Kind.HOST_KEY_REJECTED, e.kind());
    assertTrue(e.getMessage().contains("has changed"), e.getMessage());
    assertTrue(e.getMessage().contains(fingerprint(sshd.host(0))), e.getMessage());
    assertEquals(changed + "\n", Files.readString(knownHosts));
  }

  @Test
  void refusesEveryHostWhenKnownHostsIsMissing() {
    Path missing = tmp.resolve("no_such_known_hosts");

    HostException e = assertThrows(HostException.class, () -> connect(missing));

    assertEquals(Kind.HOST_KEY_REJECTED, e.kind());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertFalse(Files.exists(missing));
  }

  @Test
  void aRefusedClientKeyIsAuthFailed() throws Exception {
    Path wrongKey = OpenSshTools.keygen(tmp.resolve("id_wrong"), "ed25519");
    SshCredentials credentials =
        new SshCredentials(wrongKey, sshd.knownHosts(), Duration.ofSeconds(10));

    HostException e =
        assertThrows(HostException.class, () -> SshHost.connect(sshd.address(0), credentials));

    assertEquals(Kind.AUTH_FAILED, e.kind());
    assertTrue(e.getMessage().contains("user root"), e.getMessage());
    assertTrue(e.getMessage().contains(wrongKey.toString()), e.getMessage());
    String keyBody = Files.readAllLines(wrongKey).get(1);
    assertFalse(e.getMessage().contains(keyBody), "the key itself never appears");
  }

  @Test
  void aMissingClientKeyIsAuthFailed() {
    Path missing = tmp.resolve("id_missing");
    SshCredentials credentials =
        new SshCredentials(missing, sshd.knownHosts(), Duration.ofSeconds(10));

    HostException e =
        assertThrows(HostException.class, () -> SshHost.connect(sshd.address(0), credentials));

    assertEquals(Kind.AUTH_FAILED, e.kind());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void aClosedPortIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      port = socket.getLocalPort();
    }
    HostAddress closed = new HostAddress("root", "127.0.0.1", port);

    HostException e =
        assertThrows(HostException.class, () -> SshHost.connect(closed, sshd.credentials()));

    assertEquals(Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains("refused"), e.getMessage());
  }

  @Test
  void anUnknownHostNameIsUnreachable() {
    HostAddress nowhere = new HostAddress("root", "no-such-host.invalid", 22);

    HostException e =
        assertThrows(HostException.class, () -> SshHost.connect(nowhere, sshd.credentials()));

    assertEquals(Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
  }

  @Test
  void withoutAUserLogsInAsTheControllersUser() throws HostException {
    HostAddress noUser = new HostAddress(null, "127.0.0.1", sshd.host(0).port());

    try (SshHost host = SshHost.connect(noUser, sshd.credentials())) {
      assertEquals("127.0.0.1:" + sshd.host(0).port(), host.name());
      String user = System.getProperty("user.name");
      assertEquals(user + "\n", host.exec("id -un", TIMEOUT).stdout());
    }
  }

  @Test
  void theDefaultConnectorPicksTheTransportByAddress() throws HostException {
    HostConnector connector = new DefaultHostConnector();

    try (RemoteHost local = connector.open(HostAddress.LOCAL_HOST, null);
        RemoteHost remote = connector.open(sshd.address(0), sshd.credentials())) {
      assertTrue(local instanceof LocalHost);
      assertTrue(remote instanceof SshHost);
      assertEquals("local", local.name());
      assertEquals(sshd.address(0).toString(), remote.name());
    }
  }

  private static SshHost connect(Path knownHosts) throws HostException {
    return SshHost.connect(sshd.address(0), credentials(knownHosts));
  }

  private static SshCredentials credentials(Path knownHosts) {
    return new SshCredentials(sshd.privateKey(), knownHosts, Duration.ofSeconds(10));
  }

  private static String line(SshdHost host) {
    return host.knownHostsLine();
  }

  /** A known_hosts line for another port, so the file is not empty but has nothing for ours. */
  private String otherHostLine() {
    return "[127.0.0.1]:1 " + sshd.host(0).hostKey() + "\n";
  }

  /** The fingerprint as OpenSSH's own ssh-keygen prints it. */
  private String fingerprint(SshdHost host) throws IOException {
    Path pub = Files.writeString(tmp.resolve("host_key.pub"), host.hostKey() + "\n");
    String output =
        OpenSshTools.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()));
    return output.split("\\s+")[1];
  }
}
