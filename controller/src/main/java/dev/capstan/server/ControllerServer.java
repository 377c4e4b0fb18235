package dev.capstan.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.capstan.server.GitWebhook.Outcome;
import dev.capstan.server.GitWebhook.Reply;
import dev.capstan.server.GitWebhook.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's HTTP endpoints: the status page, health and readiness probes, status JSON,
 * Prometheus metrics and the Git push webhook, served by the JDK's {@link HttpServer} on a few
 * threads.
 */
public final class ControllerServer implements AutoCloseable {

  public static final String DEFAULT_LISTEN = "127.0.0.1:9321";
  public static final int MAX_BODY_BYTES = 1 << 20;
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(ControllerServer.class);
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";
  private static final Set<String> READ_ONLY_PATHS =
      Set.of("/", "/healthz", "/readyz", "/status", "/metrics");
  private static final int THREADS = 4;

  /** How much of an oversized body is still read, so that its sender sees the 413. */
  private static final int DRAIN_BYTES = 4 << 20;

  private final InetSocketAddress listen;
  private final Metrics metrics;
  private final StatusSource status;
  private final StatusPageSource page;
  private final Readiness readiness;
  private final PushHandler pushes;
  private final GitWebhook webhook;
  private HttpServer server;
  private ExecutorService executor;

  /**
   * A server without a status page ({@code GET /} answers 404).
   *
   * @param webhookSecret null: webhook deliveries are accepted unverified
   */
  public ControllerServer(
      InetSocketAddress listen,
      Metrics metrics,
      StatusSource status,
      Readiness readiness,
      PushHandler pushes,
      String webhookSecret) {
    this(listen, metrics, status, null, readiness, pushes, webhookSecret);
  }

  /**
   * A server that serves {@code page} on {@code GET /}.
   *
   * @param page null: no status page
   * @param webhookSecret null: webhook deliveries are accepted unverified
   */
  public ControllerServer(
      InetSocketAddress listen,
      Metrics metrics,
      StatusSource status,
      StatusPageSource page,
      Readiness readiness,
      PushHandler pushes,
      String webhookSecret) {
    this.listen = Objects.requireNonNull(listen, "listen");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.status = Objects.requireNonNull(status, "status");
    this.page = page;
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.pushes = Objects.requireNonNull(pushes, "pushes");
    this.webhook = new GitWebhook(webhookSecret);
  }

  /**
   * Parses {@code HOST:PORT} or {@code [IPv6]:PORT}; port 0 picks a free port. Throws {@link
   * IllegalArgumentException} with a message fit for the command line.
   */
  public static InetSocketAddress parseListen(String value) {
    return ListenAddress.parse(value);
  }

  /** Binds the listen address and starts serving; fails with a readable message when taken. */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    HttpServer created;
    try {
      created = HttpServer.create(listen, 0);
    } catch (IOException e) {
      throw new IOException("cannot listen on " + display(listen) + ": " + e.getMessage(), e);
    }
    created.createContext("/", this::handle);
    executor = threads();
    created.setExecutor(executor);
    created.start();
    server = created;
    LOG.info("serving HTTP on {}", display(created.getAddress()));
  }

  /** The port actually bound, useful when listening on port 0. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not serving");
    }
    return server.getAddress().getPort();
  }

  /** Stops serving at once and waits briefly for requests in progress. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server = null;
  }

  private void handle(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    try {
      Response response;
      try {
        response = route(exchange, method, path);
      } catch (RuntimeException e) {
        // The request fails, the server does not: answer 500 and keep serving.
        LOG.warn("{} {} failed", method, path, e);
        response = Response.text(500, "internal error");
      }
      send(exchange, method, response);
    } catch (IOException e) {
      LOG.debug("{} {}: could not answer: {}", method, path, e.toString());
    } finally {
      exchange.close();
    }
  }

  private Response route(HttpExchange exchange, String method, String path) throws IOException {
    if (path.equals("/hooks/git")) {
      return method.equals("POST") ? hook(exchange) : Response.methodNotAllowed("POST");
    }
    if (!READ_ONLY_PATHS.contains(path) || (path.equals("/") && page == null)) {
      return Response.text(404, "not found");
    }
    if (!(method.equals("GET") || method.equals("HEAD"))) {
      return Response.methodNotAllowed("GET, HEAD");
    }
    return switch (path) {
      case "/" -> new Response(200, HTML, page.html(), null);
      case "/healthz" -> Response.text(200, "ok");
      case "/readyz" -> readyz();
      case "/status" -> new Response(200, JSON, status.statusJson(), null);
      case "/metrics" -> new Response(200, METRICS_CONTENT_TYPE, metrics.scrape(), null);
      default -> throw new IllegalStateException("no route for " + path);
    };
  }

  private Response readyz() {
    if (readiness.ready()) {
      return Response.text(200, "ready");
    }
    String why = readiness.why();
    return Response.text(503, why == null || why.isBlank() ? "not ready" : why);
  }

  private Response hook(HttpExchange exchange) throws IOException {
    Optional<byte[]> body = body(exchange.getRequestBody());
    if (body.isEmpty()) {
      LOG.warn(
          "webhook from {} refused (413): body over {} bytes",
          exchange.getRemoteAddress(),
          MAX_BODY_BYTES);
      return Response.text(413, "request body over 1 MiB");
    }
    Outcome outcome = webhook.receive(exchange.getRequestHeaders(), body.get());
    if (outcome instanceof Trigger trigger) {
      LOG.debug("webhook: {}", trigger.push().map(Object::toString).orElse("poll everything"));
      pushes.push(trigger.push());
      return Response.text(202, "accepted");
    }
    Reply reply = (Reply) outcome;
    if (reply.status() >= 400) {
      // Messages name headers, never their values: the secret and signatures stay out of logs.
      LOG.warn(
          "webhook from {} refused ({}): {}",
          exchange.getRemoteAddress(),
          reply.status(),
          reply.message());
    }
    return Response.text(reply.status(), reply.message());
  }

  /** The body, or empty when it exceeds {@link #MAX_BODY_BYTES}. */
  private static Optional<byte[]> body(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length <= MAX_BODY_BYTES) {
      return Optional.of(body);
    }
    // Read on for a while: closing on a client that is still sending resets the connection,
    // and the client would see that instead of the 413.
    byte[] sink = new byte[64 * 1024];
    long drained = 0;
    int n = 0;
    while (drained < DRAIN_BYTES && n >= 0) {
      n = in.read(sink);
      drained += Math.max(n, 0);
    }
    return Optional.empty();
  }

  private static void send(HttpExchange exchange, String method, Response response)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    if (response.allow() != null) {
      exchange.getResponseHeaders().set("Allow", response.allow());
    }
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    boolean empty = method.equals("HEAD") || bytes.length == 0;
    exchange.sendResponseHeaders(response.status(), empty ? -1 : bytes.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static ExecutorService threads() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        THREADS,
        task -> {
          Thread thread = new Thread(task, "capstan-http-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private static String display(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** What one request gets back. */
  private record Response(int status, String contentType, String body, String allow) {

    static Response text(int status, String body) {
      return new Response(status, TEXT, body, null);
    }

    static Response methodNotAllowed(String allow) {
      return new Response(405, TEXT, "method not allowed", allow);
    }
  }
}
