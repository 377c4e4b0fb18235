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
 * shows the statuses of whichever {@link Controller} runs now (as JSON and as the status page) and
 * hands it the pushes announced.
 */
public final class ControllerEndpoints implements AutoCloseable {

  private final MetricsEvents events;
  private final ControllerServer server;

  /**
   * Endpoints not yet serving.
   *
   * @param listen {@code HOST:PORT}; port 0 picks a free one
   * @param webhookSecret null when push notifications are not verified
   * @param controller the Controller that runs now, null while none does (a replica that does not
   *     lead): status is then empty and pushes are dropped
   */
  public ControllerEndpoints(
      String listen, String webhookSecret, Supplier<Controller> controller, Readiness readiness) {
    this(listen, webhookSecret, controller, readiness, HISTORY_READER, controller);
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
      Supplier<Controller> controller,
      Readiness readiness,
      java.util.concurrent.Executor reader,
      Supplier<Controller> histories) {
    this(
        listen,
        webhookSecret,
        controller,
        readiness,
        new StatusPageHistoryCache(
            () -> {
              Controller running = histories.get();
              return running == null ? List.of() : running.histories();
            },
            java.time.Duration.ofSeconds(30),
            Clock.systemUTC(),
            reader));
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
      Supplier<Controller> controller,
      Readiness readiness,
      StatusPageHistories histories) {
    Metrics metrics = new Metrics();
    this.events = new MetricsEvents(metrics);
    this.server =
        new ControllerServer(
            ControllerServer.parseListen(listen),
            metrics,
            () -> statusJson(controller.get()),
            StatusPage.source(() -> statuses(controller.get()), histories, Clock.systemUTC()),
            readiness,
            push -> pushed(controller.get(), push),
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

  private static String statusJson(Controller controller) {
    return StatusJson.write(statuses(controller));
  }

  private static List<EnvironmentStatus> statuses(Controller controller) {
    return controller == null ? List.of() : controller.statuses();
  }

  private static void pushed(Controller controller, Optional<Push> push) {
    if (controller != null) {
      controller.pushed(push.map(Push::repositoryUrls).orElse(List.of()));
    }
  }
}
