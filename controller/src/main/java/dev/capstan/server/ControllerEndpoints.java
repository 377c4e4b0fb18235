package dev.capstan.server;

import dev.capstan.reconcile.Controller;
import dev.capstan.reconcile.ControllerEvents;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.StatusJson;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The controller's HTTP side as both runtimes (file mode and Kubernetes mode) wire it: one {@link
 * Metrics}, the {@link ControllerEvents} that count into it, and a {@link ControllerServer} that
 * shows the statuses of the {@link Controller}s that run now (as JSON and as the status page: one
 * in file mode, none on a replica that does not lead, one per shard held with sharding) and hands
 * them the pushes announced.
 */
public final class ControllerEndpoints implements AutoCloseable {

  private final MetricsEvents events;
  private final ControllerServer server;

  /**
   * Endpoints not yet serving.
   *
   * @param listen {@code HOST:PORT}; port 0 picks a free one
   * @param webhookSecret null when push notifications are not verified
   * @param running the Controllers that run now, none on a replica that does not lead: status is
   *     then empty and pushes are dropped
   */
  public ControllerEndpoints(
      String listen,
      String webhookSecret,
      Supplier<List<Controller>> running,
      Readiness readiness) {
    this(listen, webhookSecret, running, readiness, push -> pushTo(running.get(), push));
  }

  /**
   * Endpoints not yet serving that hand each push to {@code pushes} (which may tell other replicas
   * too) rather than only to the Controllers running here.
   */
  public ControllerEndpoints(
      String listen,
      String webhookSecret,
      Supplier<List<Controller>> running,
      Readiness readiness,
      PushHandler pushes) {
    this(listen, webhookSecret, running, readiness, HISTORY_READER, pushes);
  }

  /**
   * Where the status page's release histories are read: one daemon thread for every endpoint, so a
   * page view never waits on SSH (see {@link StatusPageHistoryCache}).
   */
  private static final java.util.concurrent.ExecutorService HISTORY_READER =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "capstan-status-page-history");
            thread.setDaemon(true);
            return thread;
          });

  private ControllerEndpoints(
      String listen,
      String webhookSecret,
      Supplier<List<Controller>> running,
      Readiness readiness,
      java.util.concurrent.Executor reader,
      PushHandler pushes) {
    this(
        listen,
        webhookSecret,
        running,
        readiness,
        new StatusPageHistoryCache(
            () -> running.get().stream().flatMap(c -> c.histories().stream()).toList(),
            java.time.Duration.ofSeconds(30),
            Clock.systemUTC(),
            reader),
        pushes);
  }

  /**
   * Endpoints not yet serving, whose status page shows release histories too.
   *
   * @param histories what the status page shows as each Environment's release history; it must
   *     answer without waiting on hosts (see {@link StatusPageHistories})
   */
  public ControllerEndpoints(
      String listen,
      String webhookSecret,
      Supplier<List<Controller>> running,
      Readiness readiness,
      StatusPageHistories histories) {
    this(listen, webhookSecret, running, readiness, histories, push -> pushTo(running.get(), push));
  }

  private ControllerEndpoints(
      String listen,
      String webhookSecret,
      Supplier<List<Controller>> running,
      Readiness readiness,
      StatusPageHistories histories,
      PushHandler pushes) {
    Metrics metrics = new Metrics();
    this.events = new MetricsEvents(metrics);
    this.server =
        new ControllerServer(
            ControllerServer.parseListen(listen),
            metrics,
            () -> StatusJson.write(statuses(running.get())),
            StatusPage.source(() -> statuses(running.get()), histories, Clock.systemUTC()),
            readiness,
            pushes,
            webhookSecret);
  }

  /** What the controller reports goes to metrics through these. */
  public ControllerEvents events() {
    return events;
  }

  public void start() throws IOException {
    server.start();
  }

  /** The port served, once started. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  /** Every running Controller's statuses, sorted by name (each Environment is in one). */
  private static List<EnvironmentStatus> statuses(List<Controller> running) {
    if (running.size() == 1) {
      return running.get(0).statuses();
    }
    return running.stream()
        .flatMap(c -> c.statuses().stream())
        .sorted(java.util.Comparator.comparing(EnvironmentStatus::name))
        .toList();
  }

  /** Hands a push to each Controller; the hint is the repository's URLs, none for "every one". */
  private static void pushTo(List<Controller> running, Optional<Push> push) {
    List<String> hints = push.map(Push::repositoryUrls).orElse(List.of());
    running.forEach(c -> c.pushed(hints));
  }
}
