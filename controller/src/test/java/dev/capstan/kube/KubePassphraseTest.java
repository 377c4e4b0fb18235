package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.SshCredentials;
import dev.capstan.host.SshHost;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.testing.OpenSshTools;
import dev.capstan.testing.SshdHost;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mode: a passphrase-protected key and its passphrase both come from a Secret ({@code
 * secretRef} and {@code passphraseSecretRef}), and log in to a real sshd.
 */
class KubePassphraseTest {

  private static final String PASSPHRASE = "from a Secret";

  @TempDir Path tmp;

  @Test
  void aKeyAndItsPassphraseFromASecretLogIn() throws Exception {
    Path key = OpenSshTools.keygen(tmp.resolve("id_ed25519"), "ed25519", PASSPHRASE);
    KubernetesMockServer server = MockApi.started();
    try (SshdHost sshd = SshdHost.builder().authorizedKey(OpenSshTools.publicKey(key)).start();
        KubernetesClient client = server.createClient();
        SecretFiles files = new SecretFiles()) {
      TestSecrets.createBytes(
          client,
          "shop",
          "deploy-key",
          Map.of(
              "id_ed25519", Files.readAllBytes(key),
              "passphrase", (PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8),
              "known_hosts", (sshd.knownHostsLine() + "\n").getBytes(StandardCharsets.UTF_8)));
      Environment parsed =
          DesiredStateLoader.parse(
                  tmp.resolve("env.yaml"),
                  String.join(
                      "\n",
                      "apiVersion: capstan.dev/v1alpha1",
                      "kind: Application",
                      "metadata: {name: app}",
                      "spec: {repository: {url: \"https://git.example.com/app.git\"}, deployPath: /srv/app}",
                      "---",
                      "apiVersion: capstan.dev/v1alpha1",
                      "kind: Environment",
                      "metadata: {name: prod}",
                      "spec:",
                      "  application: app",
                      "  revision: main",
                      "  hosts: [\"" + sshd.address() + "\"]",
                      "  ssh:",
                      "    privateKey:",
                      "      secretRef: {name: deploy-key, key: id_ed25519}",
                      "      passphraseSecretRef: {name: deploy-key, key: passphrase}",
                      "    knownHosts: {secretRef: {name: deploy-key, key: known_hosts}}",
                      ""))
              .environments()
              .get("prod");
      Environment environment = new Environment("shop/prod", parsed.spec(), null);

      SshCredentials credentials =
          new KubeCredentials(new SecretReader(client, files)).ssh(environment);

      assertTrue(credentials.passphraseFile() != null, credentials.toString());
      assertTrue(!credentials.toString().contains(PASSPHRASE));
      try (SshHost host = SshHost.connect(sshd.address(), credentials)) {
        assertEquals("ok\n", host.exec("echo ok", Duration.ofSeconds(30)).stdout());
      }
    } finally {
      server.destroy();
    }
  }
}
