package dev.capstan.bench;

import dev.capstan.testing.PrometheusText;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code capstan run -f} as a real process (started by {@code bench/capstan}, which execs the JVM,
 * so its pid is the controller's): its metrics over HTTP and its memory from {@code /proc}.
 */
final class ControllerProcess implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("\\(port (\\d+)\\)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private ControllerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ControllerProcess start(CapstanLauncher capstan, Path yaml, Path work, String name) {
    return start(capstan, yaml, work, name, List.of());
  }

  /** As {@link #start(CapstanLauncher, Path, Path, String)}, with more options of {@code run}. */
  static ControllerProcess start(
      CapstanLauncher capstan, Path yaml, Path work, String name, List<String> moreArgs) {
    Path log = work.resolve("controller-" + name + ".log");
    try {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run",
                  "-f",
                  yaml.toString(),
                  "--listen",
                  "127.0.0.1:0",
                  "--state-dir",
                  work.resolve("state-" + name).toString(),
                  "--cache-dir",
                  work.resolve("capstan-cache").toString()));
      args.addAll(moreArgs);
      ProcessBuilder builder =
          new ProcessBuilder(capstan.command(args.toArray(String[]::new)))
              .directory(work.toFile())
              .redirectInput(new File("/dev/null"))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(capstan.env());
      Process process = builder.start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader = new Thread(() -> drain(process, log, port), "controller-" + name + "-stderr");
      reader.setDaemon(true);
      reader.start();
      try {
        return new ControllerProcess(
            process, port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), log);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new BenchFailure("capstan run did not start (log: " + log + "): " + e, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start capstan run", e);
    }
  }

  /** Copies the controller's stderr into its log, noting the port it serves on. */
  private static void drain(Process process, Path log, CompletableFuture<Integer> port) {
    try (BufferedReader err =
            new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        PrintWriter out =
            new PrintWriter(
                Files.newBufferedWriter(
                    log,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND),
                true)) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        out.println(line);
        Matcher matcher = PORT.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.parseInt(matcher.group(1)));
        }
      }
      port.completeExceptionally(new IllegalStateException("exited before serving"));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  PrometheusText metrics() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return PrometheusText.parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scrape the controller's /metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted", e);
    }
  }

  /** False once the controller has exited: waits include it so that they end early. */
  boolean alive() {
    return process.isAlive();
  }

  /** Fails when the controller has exited, which it must never do by itself. */
  void expectAlive() {
    if (!process.isAlive()) {
      throw new BenchFailure(
          "capstan run exited with " + process.exitValue() + " (log: " + log + ")");
    }
  }

  /** A memory field of {@code /proc/PID/status} (VmHWM: peak RSS, VmRSS: now), in MiB. */
  double memoryMiB(String field) {
    expectAlive();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith(field + ":")) {
          String kib = line.substring(field.length() + 1).replace("kB", "").strip();
          return Long.parseLong(kib) / 1024.0;
        }
      }
      throw new BenchFailure("no " + field + " in /proc/" + process.pid() + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
