package dev.capstan.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code capstan} as a user runs it, in a JVM of its own, with the logging configuration a user
 * gets: {@code capstan.jar} when {@code mvn package} has built one from the current classes,
 * otherwise the main classes and their dependencies without {@code target/test-classes} (so without
 * {@code logback-test.xml}), which is what the jar is made of.
 */
public final class CapstanProcess {

  private CapstanProcess() {}

  /** What a finished command printed, and its exit status. */
  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
    }
  }

  /** Runs {@code capstan ARGS} to its end (at most two minutes), output kept in {@code work}. */
  public static Result run(Path work, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path out = Files.createTempFile(work, "capstan-", ".out");
    Path err = Files.createTempFile(work, "capstan-", ".err");
    Process process =
        start(jvmOptions, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("capstan " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** The command line, ready to be redirected and started. */
  public static ProcessBuilder start(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    Path jar = freshJar();
    if (jar != null) {
      command.addAll(List.of("-jar", jar.toString()));
    } else {
      command.addAll(List.of("-cp", mainClassPath(), "dev.capstan.cli.Main"));
    }
    System.out.println(
        "capstan "
            + (jar != null ? "from " + jar : "from the main class path")
            + ": "
            + String.join(" ", args));
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command);
  }

  /**
   * {@code capstan.jar} if it is newer than every compiled main class and service file, else null
   * (the CRD generator rewrites its files on every build: they do not count).
   */
  static Path freshJar() {
    String property = System.getProperty("capstan.jar");
    if (property == null || !Files.isRegularFile(Path.of(property))) {
      return null;
    }
    Path jar = Path.of(property);
    Path classes = jar.resolveSibling("classes");
    try (Stream<Path> files = Files.walk(classes)) {
      FileTime built = Files.getLastModifiedTime(jar);
      boolean stale =
          files
              .filter(
                  f ->
                      f.toString().endsWith(".class")
                          || f.toString().contains("/META-INF/services/"))
              .anyMatch(f -> modified(f).compareTo(built) > 0);
      return stale ? null : jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mainClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
