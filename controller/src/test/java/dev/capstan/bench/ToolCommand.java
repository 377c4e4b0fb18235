package dev.capstan.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one tool command as a child process, timed from start to exit, its output appended to a log;
 * a failure is a {@link BenchFailure} quoting the end of that output.
 */
final class ToolCommand {

  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private static final int TAIL_LINES = 40;

  private ToolCommand() {}

  /** Seconds from start to exit of {@code command}, run in {@code dir} with {@code env} added. */
  static double run(
      String what, List<String> command, Map<String, String> env, Path dir, Path log) {
    try {
      Files.createDirectories(log.getParent());
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      Files.writeString(
          log,
          "\n=== " + what + ": " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectInput(new File("/dev/null"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new BenchFailure(what + " did not finish within " + TIMEOUT + tail(log, logStart));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (process.exitValue() != 0) {
        throw new BenchFailure(what + " exited with " + process.exitValue() + tail(log, logStart));
      }
      return seconds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + what + ": " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(what + " interrupted", e);
    }
  }

  private static String tail(Path log, long from) throws IOException {
    byte[] all = Files.readAllBytes(log);
    String text =
        new String(
            all,
            (int) Math.min(from, all.length),
            all.length - (int) Math.min(from, all.length),
            StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    return "; its output (" + log + "), last lines:\n" + String.join("\n", last);
  }
}
