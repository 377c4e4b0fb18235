package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /} on a real {@link ControllerServer}: the page when one is given, else 404. */
class StatusPageRouteTest {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servesThePageAsHtmlAndRefusesOtherMethods() throws Exception {
    try (ControllerServer server = server("<!DOCTYPE html><p>page</p>")) {
      HttpResponse<String> page = send(server, "/", "GET");
      assertEquals(200, page.statusCode());
      assertEquals(
          Optional.of("text/html; charset=utf-8"), page.headers().firstValue("Content-Type"));
      assertEquals("<!DOCTYPE html><p>page</p>", page.body());
      assertEquals(200, send(server, "/", "HEAD").statusCode());
      HttpResponse<String> post = send(server, "/", "POST");
      assertEquals(405, post.statusCode());
      assertEquals(Optional.of("GET, HEAD"), post.headers().firstValue("Allow"));
      assertEquals(404, send(server, "/index.html", "GET").statusCode());
      assertEquals(200, send(server, "/status", "GET").statusCode(), "other routes stay");
    }
  }

  @Test
  void aServerWithoutAPageAnswers404() throws Exception {
    try (ControllerServer server = server(null)) {
      assertEquals(404, send(server, "/", "GET").statusCode());
    }
  }

  @Test
  void aPageThatFailsToRenderIsA500AndTheServerGoesOn() throws Exception {
    StatusPageSource failing =
        () -> {
          throw new IllegalStateException("template broke");
        };
    try (ControllerServer server = start(failing)) {
      HttpResponse<String> page = send(server, "/", "GET");
      assertEquals(500, page.statusCode());
      assertTrue(!page.body().contains("template broke"), "no internals in the answer");
      assertEquals(200, send(server, "/healthz", "GET").statusCode());
    }
  }

  private static ControllerServer server(String html) throws Exception {
    return start(html == null ? null : () -> html);
  }

  private static ControllerServer start(StatusPageSource page) throws Exception {
    ControllerServer server =
        new ControllerServer(
            new InetSocketAddress("127.0.0.1", 0),
            new Metrics(),
            () -> "{\"environments\": []}",
            page,
            new TestServer.FakeReadiness(),
            push -> {},
            null);
    server.start();
    return server;
  }

  private HttpResponse<String> send(ControllerServer server, String path, String method)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
