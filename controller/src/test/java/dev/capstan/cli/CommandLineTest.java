package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FileRuntime;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.Rollout;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.GitRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The command line's contract: exit codes, messages, and that bad input never reaches a host. */
class CommandLineTest {

  private static final Path CORPUS = Path.of("src/test/resources/invalid");

  @TempDir Path work;

  static Stream<Path> invalidDocuments() throws IOException {
    return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDocuments")
  void everyCommandRejectsAnInvalidDocumentWithItsLocationAndExit2(Path document)
      throws IOException {
    String expected =
        Files.readAllLines(document)
            .get(0)
            .replaceFirst("^# expect: ", "")
            .replace("{file}", document.toString());
    String cache = work.resolve("cache").toString();
    CliRun[] runs = {
      CliRun.run("validate", "-f", document.toString()),
      CliRun.run("plan", "-f", document.toString(), "--cache-dir", cache),
      CliRun.run("apply", "-f", document.toString(), "--cache-dir", cache),
      CliRun.run("status", "-f", document.toString(), "--cache-dir", cache)
    };
    for (CliRun run : runs) {
      assertEquals(2, run.exitCode(), run.all());
      assertTrue(run.err().contains(document + ":" + expected), run.all());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.all());
      assertEquals("", run.out(), "nothing reached a host: " + run.all());
    }
  }

  @Test
  void theCorpusHoldsAtLeastTwentyCases() throws IOException {
    assertTrue(invalidDocuments().count() >= 20);
  }

  @Test
  void validateAcceptsTheExamples() {
    for (String example : new String[] {"quickstart", "broken_brackets"}) {
      Path yaml =
          Path.of(
              System.getProperty("capstan.projectRoot", ".."), "examples", example, "capstan.yaml");
      CliRun run = CliRun.run("validate", "-f", yaml.toString());
      assertEquals(0, run.exitCode(), run.all());
      assertTrue(run.out().contains("valid"), run.all());
      assertEquals("", run.err(), "nothing to note: " + run.all());
    }
  }

  @Test
  void theServicesExampleValidatesWithNothingToNote() {
    Path yaml = Path.of("src/test/resources/valid/services-example.yaml").toAbsolutePath();
    CliRun run = CliRun.run("validate", "-f", yaml.toString());
    assertEquals(0, run.exitCode(), run.all());
    assertEquals(
        "", run.err(), "services, env and roles are run, so nothing to note: " + run.all());
  }

  @Test
  void anUnknownEnvironmentIsAUsageError() {
    Path yaml =
        Path.of(
            System.getProperty("capstan.projectRoot", ".."), "examples/quickstart/capstan.yaml");
    CliRun run = CliRun.run("plan", "-f", yaml.toString(), "--env", "nope");
    assertEquals(2, run.exitCode(), run.all());
    assertTrue(run.err().contains("no Environment named \"nope\""), run.all());
    assertTrue(run.err().contains("quickstart-local"), "lists the ones there are: " + run.all());
  }

  @Test
  void aMissingFileIsReportedWithoutAStackTrace() {
    CliRun run = CliRun.run("validate", "-f", work.resolve("absent.yaml").toString());
    assertEquals(2, run.exitCode(), run.all());
    assertTrue(run.err().contains("absent.yaml:1:1: no such file or folder"), run.all());
  }

  /** Every subcommand {@code capstan} has, by name (the help command itself left out). */
  static Stream<String> subcommands() {
    return Main.commandLine().getSubcommands().keySet().stream()
        .filter(name -> !name.equals("help"));
  }

  @Test
  void eachSubcommandIsRegisteredUnderTheNameItsClassDeclares() {
    Main.SUBCOMMANDS.forEach(
        (name, command) ->
            assertEquals(name, new picocli.CommandLine(command.get()).getCommandName(), name));
  }

  @Test
  void aNamedSubcommandBuildsOnlyItself() {
    assertEquals(
        java.util.Set.of("validate"),
        Main.commandLine("validate", "-f", "x.yaml").getSubcommands().keySet());
    assertEquals(Main.SUBCOMMANDS.keySet(), Main.commandLine("--help").getSubcommands().keySet());
    assertEquals(Main.SUBCOMMANDS.keySet(), Main.commandLine("valdate").getSubcommands().keySet());
  }

  @ParameterizedTest(name = "{0} --help")
  @MethodSource("subcommands")
  void everySubcommandPrintsItsUsageOnHelpAndExits0(String subcommand) {
    String usage = CliRun.run("help", subcommand).out();
    assertTrue(usage.startsWith("Usage: capstan " + subcommand + " "), usage);

    for (String help : new String[] {"--help", "-h"}) {
      CliRun run = CliRun.run(subcommand, help);
      assertEquals(0, run.exitCode(), run.all());
      assertEquals(usage, run.out(), "the same usage as `capstan help " + subcommand + "`");
      assertTrue(run.out().contains("  -h, --help "), run.all());
      assertEquals("", run.err(), run.all());
    }
  }

  @Test
  void versionPrintsTheVersionAndExits0() {
    for (String flag : new String[] {"--version", "-V"}) {
      CliRun run = CliRun.run(flag);
      assertEquals(0, run.exitCode(), run.all());
      assertTrue(run.out().startsWith("capstan "), run.all());
      assertEquals("", run.err(), run.all());
    }
  }

  @Test
  void helpWinsOverMissingRequiredOptions() {
    CliRun run = CliRun.run("apply", "--help");

    assertEquals(0, run.exitCode(), run.all());
    assertTrue(run.out().startsWith("Usage: capstan apply [-h"), run.all());
    assertTrue(run.out().contains("-f, --file=PATH"), run.all());
    assertFalse(run.all().contains("Missing required option"), run.all());
  }

  @Test
  void statusPrintsATableOfEveryHostToAPipe() throws Exception {
    Path yaml = twoApps("main", "[local]");
    assertEquals(
        0,
        CliRun.run(
                "apply", "-f", yaml.toString(), "--env", "shop-production", "--cache-dir", cache())
            .exitCode());
    String live = Files.readSymbolicLink(work.resolve("shop/current")).getFileName().toString();

    String table = piped("status", "-f", yaml.toString(), "--cache-dir", cache());

    String since =
        table
            .lines()
            .filter(l -> l.startsWith("shop-production"))
            .findFirst()
            .orElseThrow()
            .replaceFirst(".* ", "");
    assertTrue(since.matches("\\d{1,2}s"), "the live release is seconds old: " + table);
    assertEquals(
        "ENVIRONMENT      HOST   RELEASE                 COMMIT   STATE      REASON     SINCE"
            + "  MESSAGE\n"
            + "blog-staging     local  -                       -        OutOfSync  OutOfSync  -\n"
            + "shop-production  local  "
            + live
            + "  "
            + commit.substring(0, 7)
            + "  Ready      "
            + "Converged  "
            + since
            + "\n",
        table);
    String text =
        CliRun.run("status", "-f", yaml.toString(), "-o", "text", "--cache-dir", cache()).out();
    // A second later the release is a second older.
    assertEquals(
        table.replaceAll("(?m)\\d+s$", "AGE"),
        text.replaceAll("(?m)\\d+s$", "AGE"),
        "-o text is the default");
  }

  @Test
  void statusJsonKeepsItsShape() throws Exception {
    Path yaml = twoApps("main", "[local]");

    CliRun run =
        CliRun.run(
            "status",
            "-f",
            yaml.toString(),
            "-o",
            "json",
            "--env",
            "blog-staging",
            "--cache-dir",
            cache());

    assertEquals(0, run.exitCode(), run.all());
    assertTrue(
        run.out().startsWith("{\n  \"environments\" : [ {\n    \"name\" : \"blog-staging\","),
        run.all());
    assertTrue(
        run.out()
            .contains(
                "\"hosts\" : [ {\n      \"host\" : \"local\",\n"
                    + "      \"release\" : null,\n      \"commit\" : null,\n      \"state\" : \"OutOfSync\","),
        run.all());
  }

  @Test
  void sinceIsTheAgeOfTheLiveRelease() {
    Instant now = Instant.parse("2026-11-21T12:30:45Z");
    assertEquals("0s", ReportPrinter.since("20261121123045-3f2a9c1", now));
    assertEquals("119s", ReportPrinter.since("20261121122846-3f2a9c1", now));
    assertEquals("2m", ReportPrinter.since("20261121122845-3f2a9c1", now));
    assertEquals("5h", ReportPrinter.since("20261121073045-3f2a9c1", now));
    assertEquals("3d", ReportPrinter.since("20261118123045-3f2a9c1", now));
    assertEquals("-", ReportPrinter.since(null, now));
    assertEquals("-", ReportPrinter.since("hand-made", now));
  }

  @Test
  void planListsEveryPhaseWithItsStepsAndCommands() throws Exception {
    Path yaml = twoApps("main", "[local]");

    CliRun run = CliRun.run("plan", "-f", yaml.toString(), "--cache-dir", cache());

    assertEquals(0, run.exitCode(), run.all());
    String shortCommit = commit.substring(0, 7);
    String release = "\\d{14}-" + shortCommit;
    assertEquals(
        "Environment blog-staging: revision main = "
            + commit
            + "\n"
            + "  local:\n"
            + "    - build release RELEASE (commit "
            + shortCommit
            + ")\n"
            + "        virtualenv: python3 -m venv, then pip install -r requirements.txt"
            + " (shared by releases with the same interpreter and requirements)\n"
            + "        packages: venv/bin/python -c <packages.py>: what the virtualenv has installed,"
            + " to .capstan/packages.json\n"
            + "    - migrate, on this host only, before any host switches\n"
            + "        migrate[0]: echo migrating\n"
            + "    - switch current to RELEASE\n"
            + "        health check: none (the switch counts as healthy)\n"
            + "Environment shop-production: revision main = "
            + commit
            + "\n"
            + "  local:\n"
            + "    - build release RELEASE (commit "
            + shortCommit
            + ")\n"
            + "        collectstatic: python3 'manage.py' collectstatic --noinput\n"
            + "        migrations: python3 'manage.py' shell: the migrations the code defines,"
            + " to .capstan/migrations.json\n"
            + "        build[0]: echo built > built.txt\n"
            + "        build[1]: test -f app.txt &&\n"
            + "                  test -f built.txt\n"
            + "    - migrate, on this host only, before any host switches\n"
            + "        migrate: python3 'manage.py' migrate --noinput\n"
            + "    - switch current to RELEASE\n"
            + "        activate[0]: echo activated\n"
            + "        health check: test -f built.txt (timeout 5s, 1 retry, 2s apart;"
            + " switches back if it fails)\n",
        run.out().replaceAll(release, "RELEASE"),
        run.all());
  }

  @Test
  void planSaysWhenAHostIsInSync() throws Exception {
    Path yaml = twoApps("main", "[local]");
    assertEquals(
        0,
        CliRun.run(
                "apply", "-f", yaml.toString(), "--env", "shop-production", "--cache-dir", cache())
            .exitCode());
    String live = Files.readSymbolicLink(work.resolve("shop/current")).getFileName().toString();

    CliRun run =
        CliRun.run(
            "plan", "-f", yaml.toString(), "--env", "shop-production", "--cache-dir", cache());

    assertEquals(0, run.exitCode(), run.all());
    assertEquals(
        "Environment shop-production: revision main = "
            + commit
            + "\n"
            + "  local: in sync ("
            + live
            + ")\n",
        run.out());
  }

  private String commit;

  /**
   * Two Applications from one repository deployed under {@link #work}: {@code shop} (the Django
   * preset without Python, build, activate and health steps) and {@code blog} (a virtualenv and a
   * migrate step); the Environments {@code shop-production} and {@code blog-staging}.
   */
  private Path twoApps(String revision, String hosts) throws IOException {
    try (GitRepo repo = GitRepo.init(work.resolve("repo"))) {
      commit = repo.write("app.txt", "v1\n").write("manage.py", "").commit("v1");
    }
    return Files.writeString(
        work.resolve("capstan.yaml"),
        """
        apiVersion: capstan.dev/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec:
          repository: {url: repo}
          deployPath: %1$s/shop
          django: {collectstatic: true, migrate: true}
          build:
          - echo built > built.txt
          - |
            test -f app.txt &&
            test -f built.txt
          activate: ["echo activated"]
          healthCheck: {command: "test -f built.txt", timeoutSeconds: 5, retries: 1, intervalSeconds: 2}
        ---
        apiVersion: capstan.dev/v1alpha1
        kind: Application
        metadata: {name: blog}
        spec:
          repository: {url: repo}
          deployPath: %1$s/blog
          python: {}
          migrate: ["echo migrating"]
        ---
        apiVersion: capstan.dev/v1alpha1
        kind: Environment
        metadata: {name: shop-production}
        spec: {application: shop, revision: %2$s, hosts: %3$s}
        ---
        apiVersion: capstan.dev/v1alpha1
        kind: Environment
        metadata: {name: blog-staging}
        spec: {application: blog, revision: %2$s, hosts: %3$s}
        """
            .formatted(work, revision, hosts));
  }

  private String cache() {
    return work.resolve("cache").toString();
  }

  /**
   * What a command prints to a pipe: through a writer like picocli's own for {@code System.out},
   * that flushes on println only, read without flushing it afterwards.
   */
  private static String piped(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(
        new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));
    commandLine.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(0, commandLine.execute(args));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void validateRefusesAnEmptyFileAndAFolderWithoutDocuments() throws IOException {
    Path empty = Files.writeString(work.resolve("capstan.yaml"), "");
    Path folder = Files.createDirectory(work.resolve("desired"));
    Files.writeString(folder.resolve("retired.yaml"), "# nothing deployed any more\n---\n");

    CliRun file = CliRun.run("validate", "-f", empty.toString());
    CliRun inFolder = CliRun.run("validate", "-f", folder.toString());

    assertEquals(2, file.exitCode(), file.all());
    assertEquals(
        empty
            + ":1:1: no Application or Environment in this file (empty desired state"
            + " is refused: it would stop Capstan managing every host)\n1 problem(s) found\n",
        file.err());
    assertEquals(2, inFolder.exitCode(), inFolder.all());
    assertEquals(
        folder
            + ":1:1: no Application or Environment in any *.yaml or *.yml file of"
            + " this folder (empty desired state is refused: it would stop Capstan managing every"
            + " host)\n1 problem(s) found\n",
        inFolder.err());
    assertEquals("", file.out() + inFolder.out());
  }

  @Test
  void runKeepsTheLastGoodStateWhenTheFileIsEmptied() throws Exception {
    Path yaml = twoApps("main", "[local]");
    // Only shop deploys (blog's virtualenv would take its time), and looks at its host often.
    String good =
        Files.readString(yaml)
            .replace(
                "{application: blog, revision: main, hosts: [local]}",
                "{application: blog, revision: main, hosts: [local], suspend: true}")
            .replace(
                "{application: shop, revision: main, hosts: [local]}",
                "{application: shop, revision: main, hosts: [local], driftInterval: 1s}");
    Files.writeString(yaml, good);
    Path current = work.resolve("shop/current");
    try (FileRuntime runtime =
        FileRuntime.start(
            new FileRuntime.Config(
                yaml,
                work.resolve("state"),
                "127.0.0.1:0",
                2,
                null,
                new RepositoryMirrors(work.resolve("cache")),
                Rollout.Settings.defaults("capstan-test"),
                Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2))))) {
      Eventually.await(
          Duration.ofSeconds(60),
          "shop-production is deployed and recorded",
          () ->
              runtime.controller().statuses().stream()
                  .anyMatch(
                      status ->
                          status.hosts().stream()
                              .anyMatch(
                                  host -> host.state() == dev.capstan.reconcile.HostState.Ready)));

      for (String emptied : List.of("", "# everything commented out\n", "---\n")) {
        Files.writeString(yaml, emptied);
        Eventually.await(
            Duration.ofSeconds(30),
            "the emptied file is a configuration error",
            () ->
                runtime.controller().statuses().stream()
                    .map(EnvironmentStatus::configurationError)
                    .toList()
                    .equals(
                        List.of(
                            yaml
                                + ":1:1: no Application or Environment in this file"
                                + " (empty desired state is refused: it would stop Capstan managing every"
                                + " host)")));
        assertEquals(
            List.of("shop-production"),
            runtime.controller().statuses().stream().map(EnvironmentStatus::name).toList(),
            "still managed");
        Files.writeString(yaml, good);
        Eventually.await(
            Duration.ofSeconds(30),
            "the good file clears the error",
            () ->
                runtime.controller().statuses().stream()
                    .map(EnvironmentStatus::configurationError)
                    .toList()
                    .equals(java.util.Collections.singletonList(null)));
      }
      Files.delete(current);
      Eventually.await(
          Duration.ofSeconds(30), "drift is still corrected", () -> Files.isSymbolicLink(current));
    }
  }

  @Test
  void usageErrorsExit2() {
    assertEquals(2, CliRun.run("apply").exitCode(), "-f is required");
    assertEquals(2, CliRun.run("deploy-everything").exitCode());
  }
}
