package dev.capstan.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on 127.0.0.1 that records each POST's body and signature header; it can
 * answer 500 to the first requests, stop, and start again on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {

  public record Received(String body, String signature) {}

  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private int port;

  public static WebhookReceiver start() throws IOException {
    WebhookReceiver receiver = new WebhookReceiver();
    receiver.listen(0);
    return receiver;
  }

  private void listen(int onPort) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
          if (status == 200) {
            synchronized (received) {
              received.add(
                  new Received(body, exchange.getRequestHeaders().getFirst("X-Capstan-Signature")));
            }
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  /** A URL with a path that stands for the secret part of a real webhook. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/hooks/T0SECRET/B0TOKEN");
  }

  public void failNext(int count) {
    failuresLeft.set(count);
  }

  public int requests() {
    return requests.get();
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public void stop() {
    server.stop(0);
  }

  public void restart() throws IOException {
    listen(port);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
