package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ControllerServer} on 127.0.0.1 and an ephemeral port with fakes behind it, and an
 * HTTP/1.1 client to call it.
 */
final class TestServer implements AutoCloseable {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String STATUS = "{\"environments\": [{\"name\": \"production\"}]}";

  final Metrics metrics = new Metrics();
  final FakeReadiness readiness = new FakeReadiness();
  final BlockingQueue<Optional<Push>> pushes = new LinkedBlockingQueue<>();
  final ControllerServer server;
  private final int port;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestServer(StatusSource status, PushHandler handler, String secret) throws IOException {
    server =
        new ControllerServer(
            new InetSocketAddress("127.0.0.1", 0),
            metrics,
            status,
            readiness,
            handler == null ? pushes::add : handler,
            secret);
    server.start();
    port = server.port();
  }

  /** Serving {@link #STATUS} and recording pushes; {@code secret} null: webhook unverified. */
  static TestServer start(String secret) throws IOException {
    return new TestServer(() -> STATUS, null, secret);
  }

  static TestServer withStatus(StatusSource status) throws IOException {
    return new TestServer(status, null, null);
  }

  static TestServer withPushHandler(PushHandler handler) throws IOException {
    return new TestServer(() -> STATUS, handler, null);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  HttpResponse<String> head(String path) throws IOException, InterruptedException {
    return send(request(path).method("HEAD", BodyPublishers.noBody()));
  }

  HttpResponse<String> post(String path, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path).POST(BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request);
  }

  /** The next push handed to the handler, which runs before the response is sent. */
  Optional<Push> nextPush() throws InterruptedException {
    Optional<Push> push = pushes.poll(5, TimeUnit.SECONDS);
    if (push == null) {
      throw new AssertionError("the push handler was not called");
    }
    return push;
  }

  /** The port served on, still known after {@link #close()}. */
  int port() {
    return port;
  }

  @Override
  public void close() {
    server.close();
  }

  static void assertResponse(
      int status, String contentType, String body, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(contentType, response.headers().firstValue("Content-Type").orElse("(none)"));
    assertEquals(body, response.body());
  }

  private HttpRequest.Builder request(String path) {
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  /** Readiness the test switches by hand. */
  static final class FakeReadiness implements Readiness {
    private volatile boolean ready = true;
    private volatile String why;

    void set(boolean ready, String why) {
      this.why = why;
      this.ready = ready;
    }

    @Override
    public boolean ready() {
      return ready;
    }

    @Override
    public String why() {
      return why;
    }
  }
}
