package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.capstan.testing.SshdHosts;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.NegotiatedAlgorithms;
import org.junit.jupiter.api.Test;

/** What Capstan negotiates with a real OpenSSH server, and what it never offers. */
class SshAlgorithmsTest {

  private final SshAlgorithms config = new SshAlgorithms();

  @Test
  void aCurrentOpenSshAgreesOnX25519AndAesGcm() throws Exception {
    try (SshdHosts sshd = SshdHosts.start(1);
        SSHClient client = new SSHClient(config)) {
      byte[] hostKey = Base64.getDecoder().decode(sshd.host(0).hostKey().split(" ")[1]);
      client.addHostKeyVerifier(
          SecurityUtils.getFingerprint(new Buffer.PlainBuffer(hostKey).readPublicKey()));
      AtomicReference<NegotiatedAlgorithms> negotiated = new AtomicReference<>();
      client.addAlgorithmsVerifier(
          algorithms -> {
            negotiated.set(algorithms);
            return true;
          });
      client.connect(sshd.host(0).address().hostname(), sshd.host(0).port());

      assertEquals("curve25519-sha256", negotiated.get().getKeyExchangeAlgorithm());
      assertEquals("aes128-gcm@openssh.com", negotiated.get().getClient2ServerCipherAlgorithm());
      assertEquals("aes128-gcm@openssh.com", negotiated.get().getServer2ClientCipherAlgorithm());
    }
  }

  @Test
  void nothingWeakIsOffered() {
    List<String> offered =
        names(
            config.getKeyExchangeFactories(),
            config.getCipherFactories(),
            config.getMACFactories());
    for (String name : offered) {
      assertFalse(
          name.matches(".*(-sha1$|group1-|md5|arcfour|cbc|3des|blowfish|ripemd|-96).*")
              && !name.startsWith("hmac-sha1"),
          name);
    }
    assertEquals("aes128-gcm@openssh.com", config.getCipherFactories().get(0).getName());
    assertEquals("hmac-sha1", offered.get(offered.size() - 1), "hmac-sha1 only as a last resort");
  }

  @SafeVarargs
  private static List<String> names(List<? extends Factory.Named<?>>... lists) {
    return java.util.Arrays.stream(lists)
        .flatMap(List::stream)
        .map(Factory.Named::getName)
        .toList();
  }
}
