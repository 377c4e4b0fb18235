package dev.capstan.server;

import static dev.capstan.server.TestServer.STATUS;
import static dev.capstan.server.TestServer.TEXT;
import static dev.capstan.server.TestServer.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.PrometheusText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControllerServerTest {

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
  void healthzAnswersOk() throws Exception {
    assertResponse(200, TEXT, "ok", http.get("/healthz"));
  }

  @Test
  void readyzAnswers503WithTheReasonUntilReady() throws Exception {
    http.readiness.set(false, "waiting for the first reconcile of 2 environments");
    assertResponse(
        503, TEXT, "waiting for the first reconcile of 2 environments", http.get("/readyz"));

    http.readiness.set(true, null);
    assertResponse(200, TEXT, "ready", http.get("/readyz"));
  }

  @Test
  void statusServesTheSourcesJson() throws Exception {
    assertResponse(200, "application/json", STATUS, http.get("/status"));
  }

  @Test
  void metricsServesTheExpositionFormat() throws Exception {
    Metrics metrics = http.metrics;
    metrics.reconciled("production", Duration.ofMillis(1500), true);
    metrics.reconciled("production", Duration.ofSeconds(45), false);
    metrics.deployed("production");
    metrics.driftCorrected("production", "quote \" and\nnewline");
    metrics.hostStates("production", Map.of("converged", 2, "failed", 1));

    HttpResponse<String> response = http.get("/metrics");

    assertEquals(200, response.statusCode());
    assertEquals(
        Optional.of(ControllerServer.METRICS_CONTENT_TYPE),
        response.headers().firstValue("Content-Type"));
    PrometheusText text = PrometheusText.parse(response.body());
    String histogram = "capstan_reconcile_duration_seconds";
    assertEquals(2, text.value(histogram + "_count", "environment", "production"));
    assertEquals(1, text.value(histogram + "_bucket", "environment", "production", "le", "2.5"));
    assertEquals(2, text.value(histogram + "_bucket", "environment", "production", "le", "+Inf"));
    assertEquals(46.5, text.value(histogram + "_sum", "environment", "production"), 1e-9);
    String drift = "capstan_drift_corrections_total";
    assertEquals(
        1, text.value(drift, "environment", "production", "reason", "quote \" and\nnewline"));
    assertEquals(1, text.value("capstan_hosts", "environment", "production", "state", "failed"));
    assertEquals(1, text.value("capstan_environments"));
  }

  @Test
  void unknownPathsAre404() throws Exception {
    assertResponse(404, TEXT, "not found", http.get("/"));
    assertResponse(404, TEXT, "not found", http.get("/healthz/extra"));
    assertResponse(404, TEXT, "not found", http.get("/hooks/github"));
    assertResponse(404, TEXT, "not found", http.post("/hooks", Map.of(), ""));
  }

  @Test
  void wrongMethodsAre405WithTheAllowedOnes() throws Exception {
    HttpResponse<String> getHook = http.get("/hooks/git");
    assertResponse(405, TEXT, "method not allowed", getHook);
    assertEquals(Optional.of("POST"), getHook.headers().firstValue("Allow"));

    HttpResponse<String> postMetrics = http.post("/metrics", Map.of(), "");
    assertEquals(405, postMetrics.statusCode());
    assertEquals(Optional.of("GET, HEAD"), postMetrics.headers().firstValue("Allow"));
    assertTrue(http.pushes.isEmpty());
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    assertResponse(200, TEXT, "", http.head("/healthz"));
  }

  @Test
  void aFailingStatusSourceIs500AndTheServerServesOn() throws Exception {
    try (TestServer failing =
        TestServer.withStatus(
            () -> {
              throw new IllegalStateException("status not computed yet");
            })) {
      assertResponse(500, TEXT, "internal error", failing.get("/status"));
      assertResponse(200, TEXT, "ok", failing.get("/healthz"));
    }
  }

  @Test
  void aTakenPortFailsToStartWithTheAddress() {
    ControllerServer second =
        new ControllerServer(
            new InetSocketAddress("127.0.0.1", http.port()),
            new Metrics(),
            () -> STATUS,
            http.readiness,
            push -> {},
            null);

    IOException error = assertThrows(IOException.class, second::start);

    String expected = "cannot listen on 127.0.0.1:" + http.port() + ": ";
    assertTrue(error.getMessage().startsWith(expected), error.getMessage());
  }

  @Test
  void closeStopsServing() {
    http.close();

    assertThrows(IOException.class, () -> http.get("/healthz"));
  }

  @Test
  void closeTwiceIsHarmless() {
    http.close();
    http.close();
  }
}
