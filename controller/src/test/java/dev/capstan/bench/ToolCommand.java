package dev.capstan.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one tool command as a child process, timed from start to exit, its output appended to a log;
 * a failure is a {@link BenchFailure} quoting the end of that output. The command runs under a bash
 * that reports, with {@code times}, the CPU its children used: the tool's own process and what it
 * waited for.
 */
final class ToolCommand {

  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private static final int TAIL_LINES = 40;

  private ToolCommand() {}

  /** Bash runs the command, then writes its children's CPU times to the file named by $1. */
  private static final String TIMED = "t=$1; shift; \"$@\"; s=$?; times > \"$t\"; exit $s";

  /** The children's line of {@code times}: user and system, each like {@code 1m2.345s}. */
  private static final Pattern CHILDREN =
      Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s\\s*$");

  /** Wall and CPU seconds of {@code command}, run in {@code dir} with {@code env} added. */
  static Timing run(
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
      Path times = Files.createTempFile(log.getParent(), "times-", ".txt");
      List<String> timed = new ArrayList<>(List.of("bash", "-c", TIMED, "bash", times.toString()));
      timed.addAll(command);
      ProcessBuilder builder =
          new ProcessBuilder(timed)
              .directory(dir.toFile())
              .redirectInput(new File("/dev/null"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("LC_NUMERIC", "C"); // times writes 0m1.234s, not 0m1,234s
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
      return new Timing(seconds, cpuSeconds(times, what));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + what + ": " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(what + " interrupted", e);
    }
  }

  /** The children's user + system seconds from the second line {@code times} wrote. */
  static double cpuSeconds(Path times, String what) throws IOException {
    List<String> lines = Files.readAllLines(times);
    Files.delete(times);
    Matcher m = lines.size() < 2 ? null : CHILDREN.matcher(lines.get(1));
    if (m == null || !m.find()) {
      throw new BenchFailure(what + ": cannot read the CPU time from bash's times: " + lines);
    }
    return Integer.parseInt(m.group(1)) * 60
        + Double.parseDouble(m.group(2))
        + Integer.parseInt(m.group(3)) * 60
        + Double.parseDouble(m.group(4));
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
