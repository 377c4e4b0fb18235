package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The body that {@code GET /metrics} serves is read by the parser of the official Python client
 * ({@code prometheus_client.parser}, Debian's {@code python3-prometheus-client}), an independent
 * implementation of the text format, and holds every family with its type, help and labels.
 */
class PrometheusClientParserTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");

  /** Reads the exposition on stdin; one JSON object per family on stdout; exit 1 on a problem. */
  private static final String PARSE =
      String.join(
          "\n",
          "import json, sys",
          "from prometheus_client.parser import text_string_to_metric_families",
          "text = sys.stdin.read()",
          "for family in text_string_to_metric_families(text):",
          "    if family.type == 'unknown' or not family.documentation:",
          "        sys.exit('family %s has no TYPE or no HELP' % family.name)",
          "    print(json.dumps({'name': family.name, 'type': family.type,",
          "        'help': family.documentation,",
          "        'samples': [{'name': s.name, 'labels': s.labels, 'value': s.value}",
          "                    for s in family.samples]}))",
          "");

  private TestServer http;

  @BeforeEach
  void start() throws IOException {
    http = TestServer.start(null);
  }

  @AfterEach
  void stop() {
    http.close();
  }

  @Test
  void theServedBodyParsesAndHoldsEveryFamily() throws Exception {
    MetricCatalog.recordOneOfEach(http.metrics);
    http.metrics.driftCorrected("production", "quote \" back\\slash and\nnewline");
    String body = http.get("/metrics").body();

    Map<String, JsonNode> parsed = parse(body);

    List<String> expectedNames = new ArrayList<>();
    for (MetricCatalog.Family expected : MetricCatalog.FAMILIES) {
      // The Python client names a counter family without its _total suffix.
      String name = expected.name().replaceFirst("_total$", "");
      expectedNames.add(name);
      JsonNode family = parsed.get(name);
      if (family == null) {
        fail("no family " + name + " in what the parser read: " + parsed.keySet() + "\n" + body);
      }
      assertEquals(expected.type(), family.get("type").asText(), name);
      assertEquals(expected.help(), family.get("help").asText(), name);
      for (JsonNode sample : family.get("samples")) {
        List<String> labels = new ArrayList<>(expected.labels());
        if (sample.get("name").asText().endsWith("_bucket")) {
          labels.add("le");
        }
        List<String> actual = new ArrayList<>();
        sample.get("labels").fieldNames().forEachRemaining(actual::add);
        assertEquals(
            labels.stream().sorted().toList(),
            actual.stream().sorted().toList(),
            sample.toString());
      }
    }
    assertEquals(expectedNames, List.copyOf(parsed.keySet()));
    JsonNode drift = parsed.get("capstan_drift_corrections");
    boolean escaped = false;
    for (JsonNode sample : drift.get("samples")) {
      escaped |=
          sample.get("labels").get("reason").asText().equals("quote \" back\\slash and\nnewline");
    }
    assertTrue(escaped, () -> "the escaped label value read back: " + drift);
  }

  @Test
  void theParserRejectsABrokenExposition() throws Exception {
    // The check has teeth: a sample line the format does not allow fails the script.
    Result result = python(PARSE, "# HELP x X.\n# TYPE x gauge\nx{a=\"1\" 2\n");
    assertTrue(result.exit() != 0, () -> "a broken line was accepted: " + result);
  }

  private static Map<String, JsonNode> parse(String body) throws Exception {
    Result result = python(PARSE, body);
    if (result.exit() != 0) {
      fail("prometheus_client.parser rejected /metrics: " + result.stderr() + "\n" + body);
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> families = new LinkedHashMap<>();
    for (String line : result.stdout().split("\n")) {
      if (!line.isBlank()) {
        JsonNode family = json.readTree(line);
        families.put(family.get("name").asText(), family);
      }
    }
    return families;
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result python(String script, String input) throws Exception {
    requireParser();
    Process process = new ProcessBuilder(PYTHON.toString(), "-c", script).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, true));
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, false));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("python3 did not finish parsing in 60 s");
    }
    return new Result(process.exitValue(), out.get(), err.get());
  }

  private static void requireParser() throws Exception {
    boolean present =
        Files.isExecutable(PYTHON)
            && new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client.parser")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor()
                == 0;
    if (!present) {
      fail(
          "this test needs Debian's Prometheus client for Python in /usr/bin/python3:"
              + " apt-get install -y python3-prometheus-client");
    }
  }

  private static String read(Process process, boolean stderr) {
    try {
      return new String(
          (stderr ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
