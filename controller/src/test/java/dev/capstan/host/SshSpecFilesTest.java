package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.model.Problem;
import dev.capstan.model.SecretSource;
import dev.capstan.model.SecretSource.SecretRef;
import dev.capstan.model.SshSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ssh} block as documents write it (agent, passphrase, config file, jump hosts), what it
 * becomes for the SSH transport, and what {@code validate} checks offline about its files.
 */
class SshSpecFilesTest {

  private static final String APPLICATION =
      """
      apiVersion: capstan.dev/v1alpha1
      kind: Application
      metadata: {name: app}
      spec:
        repository: {url: https://git.example.com/app.git}
        deployPath: /srv/app
      ---
      apiVersion: capstan.dev/v1alpha1
      kind: Environment
      metadata: {name: prod}
      spec:
        application: app
        revision: main
        hosts: [web1, "deploy@web2:2222"]
      """;

  @TempDir Path tmp;

  private DesiredState parse(String ssh) throws InvalidDesiredStateException {
    return DesiredStateLoader.parse(tmp.resolve("app.yaml"), APPLICATION + ssh);
  }

  private static SshSpec ssh(DesiredState state) {
    return state.environments().values().iterator().next().spec().ssh();
  }

  @Test
  void readsEveryField() throws Exception {
    SshSpec ssh =
        ssh(
            parse(
                """
          ssh:
            privateKey: {file: keys/deploy, passphraseFile: keys/passphrase}
            agent: false
            config: {file: ssh_config}
            proxyJump: "deploy@bastion:2200,ssh://jump2"
            knownHosts: {file: known_hosts}
        """));
    assertEquals(SecretSource.ofFile("keys/deploy"), ssh.privateKey());
    assertEquals(SecretSource.ofFile("keys/passphrase"), ssh.passphrase());
    assertEquals(Boolean.FALSE, ssh.agent());
    assertEquals(SecretSource.ofFile("ssh_config"), ssh.config());
    assertEquals("deploy@bastion:2200,ssh://jump2", ssh.proxyJump());
    assertEquals(SecretSource.ofFile("known_hosts"), ssh.knownHosts());
    assertEquals("spec.ssh.privateKey.file", ssh.place("privateKey").field());
  }

  @Test
  void aPassphraseMayComeFromASecret() throws Exception {
    SshSpec ssh =
        ssh(
            parse(
                """
          ssh:
            privateKey:
              secretRef: {name: deploy-key, key: id_ed25519}
              passphraseSecretRef: {name: deploy-key, key: passphrase}
        """));
    assertEquals(
        new SecretSource(null, new SecretRef("deploy-key", "passphrase")), ssh.passphrase());
  }

  @Test
  void leftOutFieldsAreLeftToTheConfigFileAndTheAgent() throws Exception {
    SshSpec ssh = ssh(parse(""));
    assertEquals(
        new SshSpec(
            SecretSource.ofFile(SshSpec.DEFAULT_PRIVATE_KEY),
            SecretSource.ofFile(SshSpec.DEFAULT_KNOWN_HOSTS)),
        ssh);
    SshCredentials credentials =
        SshSettings.credentials(
            ssh,
            "ssh",
            (source, field) -> Path.of(source.file()),
            IllegalStateException::new,
            Map.of("SSH_AUTH_SOCK", "/run/agent.sock"));
    assertNull(credentials.privateKey(), "no key given: IdentityFile, agent or the defaults");
    assertNull(credentials.knownHosts(), "UserKnownHostsFile, else ~/.ssh/known_hosts");
    assertEquals(Path.of("/run/agent.sock"), credentials.agentSocket());
    assertNull(credentials.proxyJump());
  }

  @Test
  void theDefaultKeyWrittenOutIsAKeyGiven() throws Exception {
    SshSpec ssh = ssh(parse("  ssh: {privateKey: {file: ~/.ssh/id_ed25519}}\n"));
    assertTrue(ssh.privateKeyGiven(), "so the agent and IdentityFile do not replace it");
    assertTrue(!ssh.knownHostsGiven());
  }

  @Test
  void agentTrueWithoutSshAuthSockSaysWhatToDo() throws Exception {
    SshSpec ssh = ssh(parse("  ssh: {agent: true}\n"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                SshSettings.credentials(
                    ssh,
                    "ssh",
                    (source, field) -> Path.of(source.file()),
                    IllegalStateException::new,
                    Map.of()));
    assertTrue(e.getMessage().contains("SSH_AUTH_SOCK is not set"), e.getMessage());
  }

  @Test
  void wrongFieldsAreProblemsAtTheirPlace() {
    InvalidDesiredStateException e =
        assertThrows(
            InvalidDesiredStateException.class,
            () ->
                parse(
                    """
              ssh:
                privateKey: {file: k, passphraseFile: p, passphraseSecretRef: {name: s}}
                proxyJump: "deploy@,bastion"
                agent: maybe
                forwardAgent: true
            """));
    String problems =
        e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    assertTrue(
        problems.contains("spec.ssh.privateKey: must set at most one of passphraseFile"), problems);
    assertTrue(problems.contains("spec.ssh.proxyJump: jump host \"deploy@\""), problems);
    assertTrue(problems.contains("spec.ssh.agent"), problems);
    assertTrue(problems.contains("unknown field \"forwardAgent\""), problems);
  }

  @Test
  void validateNamesMissingFilesAndConfigLinesThatDoNotParse() throws Exception {
    Files.writeString(tmp.resolve("ssh_config"), "Host web1\n  Port none\n");
    DesiredState state =
        parse(
            """
          ssh:
            privateKey: {file: missing_key, passphraseFile: missing_passphrase}
            config: {file: ssh_config}
            knownHosts: {file: missing_known_hosts}
        """);

    List<String> problems = OfflineSshChecks.check(state).stream().map(Problem::toString).toList();

    Path yaml = tmp.resolve("app.yaml");
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(
        problems.contains(
            yaml
                + ":16:24: spec.ssh.privateKey.file: private key "
                + tmp.resolve("missing_key")
                + " does not exist"),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.contains(
                        "passphrase file "
                            + tmp.resolve("missing_passphrase")
                            + " does not exist")),
        problems.toString());
    assertTrue(
        problems.contains(
            tmp.resolve("ssh_config")
                + ":2:1: ssh config: Port must be a number from 1 to 65535, not none"),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.contains(
                        "spec.ssh.knownHosts.file: known_hosts"
                            + " file "
                            + tmp.resolve("missing_known_hosts")
                            + " does not exist")),
        problems.toString());
  }

  @Test
  void validateLeavesDefaultsAndSecretsAlone() throws Exception {
    DesiredState state =
        parse(
            """
          ssh:
            privateKey: {secretRef: {name: deploy-key}}
        """);
    assertEquals(List.of(), OfflineSshChecks.check(state));
  }
}
