package dev.capstan.notify;

import dev.capstan.model.DurationText;
import dev.capstan.notify.DeliveryResult.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to their targets on a background thread: once per key and target (the {@link
 * NotificationLedger} remembers across restarts), retried with exponential backoff until delivered
 * or {@link Backoff#giveUpAfter} has passed. Logs and results name targets by {@link
 * NotifyTarget#name}, never by URL.
 */
public final class Notifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /** Retry delays: {@code initial}, doubling up to {@code max}, none after {@code giveUpAfter}. */
  public record Backoff(Duration initial, Duration max, Duration giveUpAfter) {
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1));

    Duration after(int attempts) {
      Duration delay = initial;
      for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
        delay = delay.multipliedBy(2);
      }
      return delay.compareTo(max) > 0 ? max : delay;
    }
  }

  private final List<NotifyTarget> targets;
  private final NotificationLedger ledger;
  private final Backoff backoff;
  private final Duration requestTimeout;
  private final Clock clock;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final Set<String> pending = new HashSet<>();

  public Notifier(
      List<NotifyTarget> targets,
      NotificationLedger ledger,
      Backoff backoff,
      Duration requestTimeout,
      Clock clock) {
    this.targets = List.copyOf(targets);
    this.ledger = ledger;
    this.backoff = backoff;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.client = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "capstan-notify");
              thread.setDaemon(true);
              return thread;
            });
    for (NotifyTarget target : this.targets) {
      for (Notification queued : ledger.queued(target.name())) {
        enqueue(target, queued, false);
      }
    }
  }

  /** A notifier with the default backoff and a 10 s request timeout. */
  public static Notifier start(List<NotifyTarget> targets, NotificationLedger ledger) {
    return new Notifier(
        targets, ledger, Backoff.DEFAULT, Duration.ofSeconds(10), Clock.systemUTC());
  }

  /**
   * Queues the notification for each target that wants its event and has not had its key. What a
   * previous notifier on the same ledger left queued is sent again from the constructor.
   */
  public void notify(Notification notification) {
    for (NotifyTarget target : targets) {
      if (!target.wants(notification.event())) {
        continue;
      }
      enqueue(target, notification, true);
    }
  }

  private void enqueue(NotifyTarget target, Notification notification, boolean isNew) {
    String key = notification.key();
    synchronized (pending) {
      if (ledger.isDone(target.name(), key) || !pending.add(target.name() + " " + key)) {
        return;
      }
    }
    if (isNew) {
      ledger.queue(target.name(), notification);
    }
    String body = NotificationFormat.of(target.format()).body(notification);
    Delivery delivery = new Delivery(target, key, body, clock.instant());
    scheduler.execute(() -> attempt(delivery, 1));
  }

  /** The latest delivery result of each target that has one, by target name. */
  public Map<String, DeliveryResult> lastDeliveries() {
    Map<String, DeliveryResult> results = new LinkedHashMap<>();
    for (NotifyTarget target : targets) {
      ledger.last(target.name()).ifPresent(r -> results.put(target.name(), r));
    }
    return results;
  }

  /** The target's latest delivery result, if any. */
  public Optional<DeliveryResult> lastDelivery(NotifyTarget target) {
    return ledger.last(target.name());
  }

  /**
   * Waits up to {@code timeout} until every notification handed in was delivered or given up on (a
   * one-shot command's last act); whether none is left.
   */
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (pending) {
      while (!pending.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(pending, left);
      }
    }
    return true;
  }

  /** Stops delivering; what is still queued is sent by the next notifier on the same ledger. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Notifier" + targets;
  }

  private record Delivery(NotifyTarget target, String key, String body, Instant firstTry) {}

  private void attempt(Delivery d, int attempts) {
    Integer status = null;
    String error = null;
    try {
      HttpResponse<Void> response = client.send(request(d), HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
    } catch (IOException e) {
      error = describe(e, d.target().url());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // closing: the key is not done, a later notifier may send it
    }
    boolean delivered = status != null && status / 100 == 2;
    boolean retriable = status == null || status >= 500 || status == 429 || status == 408;
    Instant now = clock.instant();
    Duration delay = backoff.after(attempts);
    boolean retry =
        !delivered
            && retriable
            && !now.plus(delay).isAfter(d.firstTry().plus(backoff.giveUpAfter()));
    Outcome outcome = delivered ? Outcome.DELIVERED : retry ? Outcome.RETRYING : Outcome.FAILED;
    DeliveryResult result = new DeliveryResult(now, d.key(), outcome, status, error, attempts);
    ledger.record(d.target().name(), result);
    if (retry) {
      LOG.info(
          "{}: {}; retrying in {}", d.target().name(), result.text(), DurationText.format(delay));
      if (!scheduler.isShutdown()) {
        scheduler.schedule(() -> attempt(d, attempts + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
      return;
    }
    synchronized (pending) {
      pending.remove(d.target().name() + " " + d.key());
      pending.notifyAll();
    }
    if (delivered) {
      LOG.info("{}: {}", d.target().name(), result.text());
    } else {
      LOG.warn("{}: {}", d.target().name(), result.text());
    }
  }

  private HttpRequest request(Delivery d) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(d.target().url())
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "capstan")
            .POST(HttpRequest.BodyPublishers.ofString(d.body()));
    byte[] secret = d.target().secret();
    if (secret != null) {
      request.header(GenericFormat.SIGNATURE_HEADER, GenericFormat.signature(d.body(), secret));
    }
    return request.build();
  }

  /** The error's kind and message with every form of the URL taken out: the URL is a secret. */
  static String describe(Throwable e, URI url) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    String text = e.getClass().getSimpleName() + message;
    for (String form : new String[] {url.toString(), url.getRawPath(), url.getAuthority()}) {
      if (form != null && !form.isEmpty() && !form.equals("/")) {
        text = text.replace(form, "<url>");
      }
    }
    return text;
  }
}
