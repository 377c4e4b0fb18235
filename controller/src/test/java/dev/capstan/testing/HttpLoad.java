package dev.capstan.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady load of GET requests to one URL on this machine (127.0.0.1, or a test's own {@link
 * NetworkNamespace} address), on a thread of its own, bounded in count and time: counts answers and
 * failures (an error status, a refused or reset connection, a timeout) and the longest response
 * time.
 */
public final class HttpLoad implements AutoCloseable {

  private final URI uri;
  private final long intervalNanos;
  private final long maxRequests;
  private final long deadline;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong worstNanos = new AtomicLong();
  private final List<String> failures = new ArrayList<>();
  private final Thread thread;
  private final long startedAt = System.nanoTime();
  private volatile long endedAt;

  /**
   * @param perSecond the rate aimed at
   * @param maxRequests the load stops after this many, or after {@code maxTime}
   */
  public HttpLoad(URI uri, int perSecond, long maxRequests, Duration maxTime) {
    if (!uri.getHost().equals("127.0.0.1") && !uri.getHost().startsWith("10.123.")) {
      throw new IllegalArgumentException(
          "the load only goes to 127.0.0.1 or a NetworkNamespace (10.123.*): " + uri);
    }
    this.uri = uri;
    this.intervalNanos = 1_000_000_000L / perSecond;
    this.maxRequests = maxRequests;
    this.deadline = startedAt + maxTime.toNanos();
    this.thread = new Thread(this::loop, "http-load");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long next = System.nanoTime();
    while (!stop.get() && sent.get() < maxRequests && System.nanoTime() < deadline) {
      long start = System.nanoTime();
      sent.incrementAndGet();
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          fail("status " + response.statusCode() + ": " + response.body());
        }
      } catch (Exception e) {
        fail(e.toString());
      }
      worstNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // pacing to the rate, not waiting for a condition
      } else {
        next = System.nanoTime();
      }
    }
    endedAt = System.nanoTime();
  }

  private void fail(String what) {
    failed.incrementAndGet();
    synchronized (failures) {
      if (failures.size() < 20) {
        failures.add(what);
      }
    }
  }

  public long sent() {
    return sent.get();
  }

  public long failed() {
    return failed.get();
  }

  public List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  public Duration worst() {
    return Duration.ofNanos(worstNanos.get());
  }

  /** Requests per second over the load's life so far (or its whole life, once stopped). */
  public double rate() {
    long end = endedAt == 0 ? System.nanoTime() : endedAt;
    return sent.get() / ((end - startedAt) / 1e9);
  }

  /** Stops the load and waits for its last request. */
  @Override
  public void close() {
    stop.set(true);
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return thread.isAlive();
  }
}
