package dev.capstan.file;

import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.PooledHostConnector;
import dev.capstan.model.DesiredState;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.model.Problem;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Controller;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.server.ControllerEndpoints;
import dev.capstan.server.Readiness;
import dev.capstan.source.RepositoryMirrors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * File mode assembled: a watched desired-state file feeding the controller, status written to a
 * state folder, metrics and status served over HTTP. {@code capstan run} starts one; tests start
 * one in-process.
 */
public final class FileRuntime implements AutoCloseable {

  /**
   * What a file-mode controller needs.
   *
   * @param listen {@code HOST:PORT}; port 0 picks a free one
   * @param webhookSecret null when push notifications are not verified
   */
  public record Config(
      Path desiredState,
      Path stateDir,
      String listen,
      int workers,
      String webhookSecret,
      RepositoryMirrors mirrors,
      Rollout.Settings settings,
      Backoff backoff) {}

  private final Controller controller;
  private final ControllerEndpoints endpoints;
  private final DesiredStateWatcher watcher;
  private final FileStatusStore store;
  private final PooledHostConnector connections;
  private final PinsOverlay pins;

  private FileRuntime(Config config) {
    store = new FileStatusStore(config.stateDir());
    endpoints =
        new ControllerEndpoints(
            config.listen(),
            config.webhookSecret(),
            () -> List.of(controller()),
            readiness(this::controller));
    MirrorSources sources = new MirrorSources(config.mirrors());
    connections = new PooledHostConnector(new DefaultHostConnector(), Controller.CONNECTION_IDLE);
    FilePins livePins = new FilePins(config.stateDir());
    Rollout rollout =
        new Rollout(connections, sources, new FileCredentials(), config.settings(), livePins);
    controller =
        new Controller(
            rollout,
            sources,
            store,
            endpoints.events(),
            config.workers(),
            config.backoff(),
            Clock.systemUTC());
    controller.notifyWith(
        new dev.capstan.notify.EnvironmentNotifiers(config.stateDir(), new FileCredentials()));
    pins = new PinsOverlay(livePins, controller, PinsOverlay.DEFAULT_POLL);
    watcher =
        new DesiredStateWatcher(
            config.desiredState(),
            DesiredStateWatcher.DEFAULT_DEBOUNCE,
            listener(controller, pins));
  }

  /** Starts serving, loads the desired state and begins reconciling. */
  public static FileRuntime start(Config config) throws IOException {
    FileRuntime runtime = new FileRuntime(config);
    runtime.endpoints.start();
    ControllerMark.write(runtime.stateDir(), "port " + runtime.port());
    runtime.watcher.start();
    runtime.pins.start();
    return runtime;
  }

  public Controller controller() {
    return controller;
  }

  public int port() {
    return endpoints.port();
  }

  public Path stateDir() {
    return store.dir();
  }

  /**
   * Stops watching, lets steps in flight finish for {@code grace}, gives locks back, stops serving.
   */
  public void close(Duration grace) throws InterruptedException {
    ControllerMark.remove(stateDir());
    watcher.close();
    pins.close();
    try {
      controller.close(grace);
    } finally {
      connections.close();
      endpoints.close();
    }
  }

  @Override
  public void close() {
    try {
      close(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static DesiredStateWatcher.Listener listener(Controller controller, PinsOverlay pins) {
    return new DesiredStateWatcher.Listener() {
      @Override
      public void loaded(DesiredState state) {
        pins.loaded(state);
      }

      @Override
      public void invalid(InvalidDesiredStateException problems) {
        controller.configurationError(
            problems.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
      }
    };
  }

  private static Readiness readiness(Supplier<Controller> controller) {
    return new Readiness() {
      @Override
      public boolean ready() {
        return controller.get().ready();
      }

      @Override
      public String why() {
        return "no valid desired state loaded yet";
      }
    };
  }
}
