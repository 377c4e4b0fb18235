package dev.capstan.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl} (Debian's package {@code kubectl}, {@code /usr/bin/kubectl}) run as a
 * child process against one kubeconfig, with its output and how long it took.
 */
public final class Kubectl {

  /** One run: exit code, output, and the wall time from start to exit. */
  public record Run(List<String> args, int exitCode, String out, String err, Duration took) {
    public String all() {
      return "kubectl "
          + String.join(" ", args)
          + " -> exit "
          + exitCode
          + " after "
          + took.toMillis()
          + " ms\n--- out\n"
          + out
          + "--- err\n"
          + err;
    }
  }

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;

  private Kubectl(Path binary, Path kubeconfig, Path home) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  /**
   * kubectl with this kubeconfig and a HOME of its own (its discovery cache stays in the test's
   * folder); fails the test with what to install when there is none.
   */
  public static Kubectl with(Path kubeconfig, Path home) throws IOException {
    Files.createDirectories(home);
    return new Kubectl(find(), kubeconfig, home);
  }

  /** Where kubectl is; an AssertionError saying how to get it when it is not installed. */
  public static Path find() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/kubectl")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "kubectl"));
      }
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "kubectl is not installed: this test drives the controller with the"
                        + " real kubectl. Install it (Debian: apt-get install kubectl; CI: .ci/run's apt"
                        + " list) so that /usr/bin/kubectl or kubectl on the PATH exists"));
  }

  /** Runs {@code kubectl ARGS}, waiting at most {@code timeout} for it to exit. */
  public Run run(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--kubeconfig=" + kubeconfig,
                "--cache-dir=" + home.resolve("cache")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    long start = System.nanoTime();
    Process process = builder.start();
    CompletableFuture<String> out = read(process.getInputStream());
    CompletableFuture<String> err = read(process.getErrorStream());
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "kubectl "
              + String.join(" ", args)
              + " still ran after "
              + timeout
              + "\n--- out\n"
              + out.join()
              + "--- err\n"
              + err.join());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Run(List.of(args), process.exitValue(), out.join(), err.join(), took);
  }

  /** Runs it and fails the test unless it exits 0. */
  public Run ok(Duration timeout, String... args) throws IOException, InterruptedException {
    Run run = run(timeout, args);
    if (run.exitCode() != 0) {
      throw new AssertionError(run.all());
    }
    return run;
  }

  private static CompletableFuture<String> read(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        });
  }
}
