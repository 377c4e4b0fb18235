package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.SecretSource.SecretRef;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateLoaderTest {

  private static final String APPLICATION =
      """
      apiVersion: capstan.dev/v1alpha1
      kind: Application
      metadata: {name: app}
      spec:
        repository: {url: https://git.example.com/app.git}
        deployPath: /srv/app
      """;

  static Path resource(String name) {
    try {
      return Path.of(DesiredStateLoaderTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsTheDesignExampleWithEveryFieldAsWritten() throws Exception {
    Path file = resource("valid/design-example.yaml");
    DesiredState state = DesiredStateLoader.load(file);

    Application app = state.applications().get("broken-brackets");
    assertEquals(file.getParent(), app.baseDir());
    ApplicationSpec expected =
        new ApplicationSpec(
            new RepositorySpec(
                "https://git.example.com/acme/broken_brackets.git",
                "",
                SecretSource.ofFile("~/.ssh/repo_key"),
                Duration.ofSeconds(60)),
            "/var/broken_brackets",
            5,
            new SharedSpec(List.of(".env"), List.of("media", "logs")),
            new PythonSpec("python3", "requirements.txt", false, true),
            new DjangoSpec("manage.py", true, true),
            List.of("venv/bin/python manage.py compilemessages"),
            List.of("venv/bin/python manage.py migrate --noinput"),
            List.of("sudo systemctl reload gunicorn-bb"),
            new HealthCheckSpec("curl -fsS http://127.0.0.1:8000/health", 30, 5, 1),
            true);
    assertEquals(expected, app.spec());

    Environment production = state.environments().get("broken-brackets-production");
    EnvironmentSpec expectedEnvironment =
        new EnvironmentSpec(
            "broken-brackets",
            "3f2a9c1",
            List.of(
                new HostAddress("deploy", "web1.example.com", 22),
                new HostAddress("deploy", "web2.example.com", 2222),
                HostAddress.LOCAL_HOST),
            new SshSpec(
                SecretSource.ofFile("~/.ssh/id_ed25519"),
                SecretSource.ofFile("~/.ssh/known_hosts")),
            new RolloutSpec(1),
            Duration.ofSeconds(30),
            false);
    assertEquals(expectedEnvironment, production.spec());
    assertEquals(file.getParent(), production.baseDir());
  }

  @Test
  void fillsDefaultsForEverythingLeftOut() throws Exception {
    DesiredState state = DesiredStateLoader.load(resource("valid/design-example.yaml"));

    ApplicationSpec minimal = state.applications().get("minimal").spec();
    assertEquals(
        new RepositorySpec("../minimal.git", "", null, RepositorySpec.DEFAULT_POLL_INTERVAL),
        minimal.repository());
    assertEquals(ApplicationSpec.DEFAULT_KEEP_RELEASES, minimal.keepReleases());
    assertEquals(SharedSpec.NONE, minimal.shared());
    assertNull(minimal.python());
    assertNull(minimal.django());
    assertNull(minimal.healthCheck());
    assertEquals(List.of(), minimal.build());
    assertTrue(minimal.rollbackOnFailure());
  }

  @Test
  void readsSecretRefsIpAddressesAndMilliseconds() throws Exception {
    DesiredState state = DesiredStateLoader.load(resource("valid/design-example.yaml"));

    EnvironmentSpec staging = state.environments().get("minimal-staging").spec();
    assertEquals("release/2.x", staging.revision());
    assertEquals(
        List.of(
            new HostAddress(null, "10.0.0.7", 2200),
            new HostAddress(null, "2001:db8::7", 22),
            new HostAddress("ops", "::1", 2022)),
        staging.hosts());
    assertEquals(
        new SshSpec(
            new SecretSource(null, new SecretRef("deploy-key", "id_ed25519")),
            SecretSource.ofFile(SshSpec.DEFAULT_KNOWN_HOSTS)),
        staging.ssh());
    assertEquals(new RolloutSpec(2), staging.rollout());
    assertEquals(Duration.ofMillis(1500), staging.driftInterval());
    assertTrue(staging.suspend());
  }

  @Test
  void presetKeysWithoutValuesTurnThePresetsOnWithDefaults() throws Exception {
    String text = APPLICATION + "  python:\n  django:\n  build: []\n";
    ApplicationSpec spec =
        DesiredStateLoader.parse(Path.of("app.yaml"), text).applications().get("app").spec();

    assertEquals(new PythonSpec("python3", "requirements.txt", false, true), spec.python());
    assertEquals(new DjangoSpec("manage.py", true, true), spec.django());
  }

  @Test
  void readsIntegersAsSecondsAndUnquotedNumbersAsText() throws Exception {
    String text =
        """
        apiVersion: capstan.dev/v1alpha1
        kind: Application
        metadata: {name: app}
        spec:
          repository: {url: ./app, pollInterval: 90}
          deployPath: /srv/app
          python: {requirements: ""}
        ---
        apiVersion: capstan.dev/v1alpha1
        kind: Environment
        metadata: {name: app-test}
        spec: {application: app, revision: 1234567, hosts: [local], driftInterval: 2m30s}
        """;
    DesiredState state = DesiredStateLoader.parse(Path.of("a.yaml"), text);

    ApplicationSpec app = state.applications().get("app").spec();
    assertEquals(Duration.ofSeconds(90), app.repository().pollInterval());
    assertEquals("", app.python().requirements());
    EnvironmentSpec environment = state.environments().get("app-test").spec();
    assertEquals("1234567", environment.revision());
    assertEquals(Duration.ofSeconds(150), environment.driftInterval());
  }

  @Test
  void readsPinAndVetoesLowerCasedAndDefaultsToNone() throws Exception {
    String text =
        APPLICATION
            + """
            ---
            apiVersion: capstan.dev/v1alpha1
            kind: Environment
            metadata: {name: app-production}
            spec:
              application: app
              revision: main
              hosts: [local]
              pin: {commit: 3F2A9C1, reason: "checkout broken in 9b1e2aa"}
              veto: [9b1e2aa, 1234567]
            ---
            apiVersion: capstan.dev/v1alpha1
            kind: Environment
            metadata: {name: app-staging}
            spec: {application: app, revision: main, hosts: [deploy@web1.example.com]}
            """;
    DesiredState state = DesiredStateLoader.parse(Path.of("a.yaml"), text);

    PinState pins = state.environments().get("app-production").spec().pins();
    assertEquals(new Pin("3f2a9c1", "checkout broken in 9b1e2aa", Pin.BY_SPEC), pins.pin());
    assertEquals(List.of(new Veto("9b1e2aa", null), new Veto("1234567", null)), pins.veto());
    assertEquals(PinState.NONE, state.environments().get("app-staging").spec().pins());
  }

  @Test
  void skipsEmptyDocumentsBesideOthers() throws Exception {
    DesiredState state =
        DesiredStateLoader.parse(Path.of("app.yaml"), "# app\n---\n---\n" + APPLICATION + "---\n");
    assertEquals(List.of("app"), List.copyOf(state.applications().keySet()));
  }

  @Test
  void refusesAnEmptyDesiredState() {
    String refused =
        ":1:1: no Application or Environment in this file"
            + " (empty desired state is refused: it would stop Capstan managing every host)";
    for (String text :
        List.of("", "\n", "# nothing here\n", "---\n", "# a\n---\n---\n", "--- ~\n")) {
      InvalidDesiredStateException e =
          assertThrows(
              InvalidDesiredStateException.class,
              () -> DesiredStateLoader.parse(Path.of("empty.yaml"), text),
              () -> "refuses " + Messages.quote(text));
      assertEquals("empty.yaml" + refused, e.getMessage());
    }
  }

  @Test
  void refusesAnEmptyFileOnDisk(@TempDir Path folder) throws Exception {
    Path file = Files.writeString(folder.resolve("capstan.yaml"), "");

    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(file));

    assertEquals(
        file
            + ":1:1: no Application or Environment in this file"
            + " (empty desired state is refused: it would stop Capstan managing every host)",
        e.getMessage());
  }

  @Test
  void resolvesBaseDirAgainstTheNominalFile() throws Exception {
    DesiredState state = DesiredStateLoader.parse(Path.of("deploy/app.yaml"), APPLICATION);

    assertEquals(Path.of("deploy").toAbsolutePath(), state.applications().get("app").baseDir());
  }

  @Test
  void reportsAMissingPathAtItsFirstLine() {
    Path missing = Path.of("no/such/capstan.yaml");
    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(missing));

    assertEquals("no/such/capstan.yaml:1:1: no such file or folder", e.getMessage());
  }

  @Test
  void collectsEveryProblemSortedByPlace() {
    String text =
        """
        apiVersion: capstan.dev/v1
        kind: Application
        metadata: {name: app}
        spec:
          repository: {url: https://x}
          deployPath: srv/app
          keepReleases: 0
        """;
    InvalidDesiredStateException e =
        assertThrows(
            InvalidDesiredStateException.class,
            () -> DesiredStateLoader.parse(Path.of("app.yaml"), text));

    assertEquals(
        List.of(
            "app.yaml:1:13: apiVersion: must be \"capstan.dev/v1alpha1\", not \"capstan.dev/v1\"",
            "app.yaml:6:15: spec.deployPath: must be an absolute path (starting with \"/\")",
            "app.yaml:7:17: spec.keepReleases: must be at least 1"),
        e.problems().stream().map(Problem::toString).toList());
    assertEquals(
        String.join("\n", e.problems().stream().map(Problem::toString).toList()), e.getMessage());
  }

  @Test
  void problemWithoutFieldLeavesItOut() {
    Problem problem = new Problem(Path.of("a.yaml"), 3, 7, null, "YAML syntax error: oops");
    Problem withField = new Problem(Path.of("a.yaml"), 3, 7, "spec.hosts[1]", "bad");

    assertEquals("a.yaml:3:7: YAML syntax error: oops", problem.toString());
    assertEquals("a.yaml:3:7: spec.hosts[1]: bad", withField.toString());
  }

  @Test
  void keepsDocumentsInAMap() throws Exception {
    DesiredState state = DesiredStateLoader.parse(Path.of("app.yaml"), APPLICATION);
    assertEquals(Map.of(), state.environments());
    assertEquals("app", state.applications().get("app").name());
  }
}
