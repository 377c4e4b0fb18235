package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.testing.CapstanProcess;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.LocalApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capstan run --log-format json}: every line on stderr is one JSON object with level,
 * logger, message and the MDC; the reconcile's lines carry environment and trigger. A real
 * controller process with the logging configuration a user gets.
 */
class JsonLogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void everyLineOnStderrIsAJsonObjectWithLevelLoggerMessageAndMdc() throws Exception {
    Path yaml = LocalApp.desiredState(work);
    Path err = work.resolve("run.err");
    Process run =
        CapstanProcess.start(
                List.of("-Dcapstan.log.level=DEBUG"),
                "run",
                "-f",
                yaml.toString(),
                "--listen",
                "127.0.0.1:0",
                "--log-format",
                "json",
                "--state-dir",
                work.resolve("state").toString(),
                "--cache-dir",
                work.resolve("cache").toString())
            .redirectOutput(work.resolve("run.out").toFile())
            .redirectError(err.toFile())
            .start();
    try {
      Eventually.await(
          Duration.ofSeconds(60),
          "the controller converged the local host",
          () -> Files.exists(work.resolve("deploy/current/REVISION")));
    } finally {
      run.destroy();
      assertTrue(run.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
    }
    assertEquals(0, run.exitValue(), () -> "exit status; stderr:\n" + read(err));
    assertFalse(
        read(work.resolve("run.out")).contains("ch.qos.logback"),
        () -> "logback printed its status on stdout:\n" + read(work.resolve("run.out")));

    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(err)) {
      JsonNode event;
      try {
        event = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("not a JSON object: " + line, e);
      }
      assertTrue(event != null && event.isObject(), () -> "not a JSON object: " + line);
      for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
        assertTrue(event.path(field).isTextual(), () -> "no " + field + " in " + line);
      }
      assertTrue(event.path("mdc").isObject(), () -> "no mdc object in " + line);
      events.add(event);
    }
    assertFalse(events.isEmpty(), "the controller logged");
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.get("message").asText().matches(".*\\(port \\d+\\).*")
                        && e.get("logger").asText().equals(LogFormat.CONSOLE_LOGGER)),
        () -> "what the command prints on stderr is logged as JSON too: " + events);
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.get("mdc").path("environment").asText().equals("local")
                        && e.get("mdc").path("trigger").isTextual()),
        () -> "a line of the reconcile with environment and trigger: " + events);
    assertTrue(
        events.stream().anyMatch(e -> e.get("mdc").path("host").asText().equals("local")),
        () -> "a line about the host with its name: " + events);
  }

  @Test
  void anUnknownFormatIsAUsageError() throws Exception {
    CapstanProcess.Result result =
        CapstanProcess.run(
            work.resolve("output"), List.of(), "run", "-f", "capstan.yaml", "--log-format", "xml");
    assertEquals(2, result.exitCode(), result::toString);
    if (!result.stderr().contains("--log-format")) {
      fail("the error names the option: " + result);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
