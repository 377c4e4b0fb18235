package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code capstan validate} says of a document, for comparing with Kubernetes mode. */
final class ValidateOutput {

  private ValidateOutput() {}

  /**
   * Runs {@code capstan validate -f} on the document saved as a file and returns its message for
   * {@code field}: the line {@code FILE:LINE:COL: field: message} without {@code FILE:LINE:COL: }.
   */
  static String messageOf(Path dir, String yaml, String field) throws IOException {
    Path file = Files.createTempFile(dir, "validate-", ".yaml");
    Files.writeString(file, yaml);
    CliRun run = CliRun.run("validate", "-f", file.toString());
    assertEquals(2, run.exitCode(), run.all());
    return run.err()
        .lines()
        .filter(line -> line.startsWith(file + ":") && line.contains(": " + field + ": "))
        .map(line -> line.substring(line.indexOf(": " + field + ": ") + 2))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("validate said nothing of " + field + ":\n" + run.all()));
  }
}
