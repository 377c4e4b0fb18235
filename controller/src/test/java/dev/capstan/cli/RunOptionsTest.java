package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code capstan run}: file mode and Kubernetes mode exclude each other; misuse exits 2. */
class RunOptionsTest {

  @ParameterizedTest(name = "run {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-f capstan.yaml --kubernetes | -f and --kubernetes cannot be used together",
        "'' | give -f PATH (file mode) or --kubernetes",
        "-f capstan.yaml --namespace shop | need --kubernetes",
        "--kubernetes --all-namespaces --namespace shop | cannot be used together",
        "--kubernetes --state-dir /tmp/x | --state-dir is for file mode",
        "--kubernetes --lease-duration 5 --renew-deadline 5 | lease duration > renew deadline",
        "-f capstan.yaml --shards 4 | need --kubernetes",
        "--kubernetes --shards -1 | --shards must be between 0 and 1024, not -1",
        "--kubernetes --shards 4 --leader-elect=false | --shards needs leader election",
      })
  void misuseIsAUsageError(String arguments, String message) {
    String[] args = ("run " + arguments).strip().split(" +");
    CliRun run = CliRun.run(args);
    assertEquals(2, run.exitCode(), run.all());
    assertTrue(run.err().contains(message), run.all());
  }
}
