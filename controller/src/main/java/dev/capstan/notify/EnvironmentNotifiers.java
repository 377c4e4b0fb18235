package dev.capstan.notify;

import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.NotifySpec;
import dev.capstan.reconcile.Credentials;
import dev.capstan.reconcile.Notices;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Notices} of every Environment: one {@link Notifier} each, over a ledger in the state
 * folder ({@code notifications/<environment>.json}) so that a restarted controller, or a one-shot
 * command beside it, sends no key twice. A notifier is made again when the Environment's {@code
 * notify} changes; its URLs and secrets are read through {@link Credentials} and never logged.
 */
public final class EnvironmentNotifiers implements Notices {

  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentNotifiers.class);

  private record Entry(List<NotifySpec> specs, Notifier notifier) {}

  private final Path ledgers;
  private final Credentials credentials;
  private final Map<String, Entry> notifiers = new ConcurrentHashMap<>();

  /**
   * Notifiers whose ledgers live in {@code ledgers}, their secrets read with {@code credentials}.
   */
  public EnvironmentNotifiers(Path ledgers, Credentials credentials) {
    this.ledgers = ledgers;
    this.credentials = credentials;
  }

  @Override
  public void send(Application application, Environment environment, List<Notification> sent) {
    if (sent.isEmpty() || environment.spec().notifications().isEmpty()) {
      return;
    }
    Notifier notifier = notifier(environment);
    if (notifier != null) {
      sent.forEach(notifier::notify);
    }
  }

  @Override
  public Map<String, String> lastDeliveries(String environment) {
    Entry entry = notifiers.get(environment);
    Map<String, String> shown = new LinkedHashMap<>();
    if (entry != null) {
      entry.notifier().lastDeliveries().forEach((name, result) -> shown.put(name, result.text()));
    }
    return shown;
  }

  /**
   * Waits up to {@code timeout} for every notification handed in to be delivered or given up; what
   * is left stays queued in the ledgers for the controller (or the next command) to send.
   */
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (Entry entry : notifiers.values()) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      all &= entry.notifier().awaitDelivered(left);
    }
    return all;
  }

  private synchronized Notifier notifier(Environment environment) {
    List<NotifySpec> specs = environment.spec().notifications();
    Entry known = notifiers.get(environment.name());
    if (known != null && known.specs().equals(specs)) {
      return known.notifier();
    }
    if (known != null) {
      known.notifier().close();
      notifiers.remove(environment.name());
    }
    List<NotifyTarget> targets = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      NotifySpec spec = specs.get(i);
      String field = "environment " + environment.name() + ": notify[" + i + "]";
      try {
        String url = credentials.secret(environment, spec.url(), field + ".url");
        String secret =
            spec.secret() == null
                ? null
                : credentials.secret(environment, spec.secret(), field + ".secret");
        targets.add(NotifyTarget.of(i, spec, url, secret));
      } catch (Credentials.CredentialsException | IllegalArgumentException e) {
        // The messages name the field and the file, never the URL or the secret.
        LOG.warn("{}: not notified: {}", field, e.getMessage());
      }
    }
    try {
      NotificationLedger ledger =
          NotificationLedger.open(
              ledgers
                  .resolve("notifications")
                  .resolve(environment.name().replace("/", "--") + ".json"));
      Notifier notifier = Notifier.start(targets, ledger);
      notifiers.put(environment.name(), new Entry(specs, notifier));
      return notifier;
    } catch (IOException | RuntimeException e) {
      LOG.warn("environment {}: notifications off: {}", environment.name(), e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    notifiers.values().forEach(entry -> entry.notifier().close());
    notifiers.clear();
  }
}
