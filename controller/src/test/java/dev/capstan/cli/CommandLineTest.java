package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
    String expected = Files.readAllLines(document).get(0).replaceFirst("^# expect: ", "")
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
      Path yaml = Path.of(System.getProperty("capstan.projectRoot", ".."), "examples", example,
          "capstan.yaml");
      CliRun run = CliRun.run("validate", "-f", yaml.toString());
      assertEquals(0, run.exitCode(), run.all());
      assertTrue(run.out().contains("valid"), run.all());
    }
  }

  @Test
  void anUnknownEnvironmentIsAUsageError() {
    Path yaml = Path.of(System.getProperty("capstan.projectRoot", ".."),
        "examples/quickstart/capstan.yaml");
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
    return Main.commandLine().getSubcommands().keySet().stream().filter(name -> !name.equals("help"));
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
  void helpWinsOverMissingRequiredOptions() {
    CliRun run = CliRun.run("apply", "--help");

    assertEquals(0, run.exitCode(), run.all());
    assertTrue(run.out().startsWith("Usage: capstan apply [-h"), run.all());
    assertTrue(run.out().contains("-f, --file=PATH"), run.all());
    assertFalse(run.all().contains("Missing required option"), run.all());
  }

  @Test
  void usageErrorsExit2() {
    assertEquals(2, CliRun.run("apply").exitCode(), "-f is required");
    assertEquals(2, CliRun.run("deploy-everything").exitCode());
  }
}
