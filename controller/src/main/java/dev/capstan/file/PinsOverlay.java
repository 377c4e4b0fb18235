package dev.capstan.file;

import dev.capstan.model.DesiredState;
import dev.capstan.reconcile.Controller;
import dev.capstan.reconcile.Pins;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the controller the loaded desired state with the state folder's pins and vetoes overlaid,
 * and again whenever a pins file changes (looked at every {@code poll}): an Environment whose pin
 * changed differs in spec, so the controller requeues it at once.
 */
final class PinsOverlay implements AutoCloseable {

  static final Duration DEFAULT_POLL = Duration.ofMillis(200);

  private static final Logger LOG = LoggerFactory.getLogger(PinsOverlay.class);

  private final FilePins pins;
  private final Controller controller;
  private final Duration poll;
  private final Thread thread;
  private volatile boolean closed;

  // Guarded by this.
  private DesiredState loaded;
  private String delivered;

  PinsOverlay(FilePins pins, Controller controller, Duration poll) {
    this.pins = pins;
    this.controller = controller;
    this.poll = poll;
    this.thread = new Thread(this::watch, "capstan-pins " + pins.dir().getFileName());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** A new desired state was loaded from the YAML. */
  synchronized void loaded(DesiredState state) {
    loaded = state;
    deliver();
  }

  private synchronized void deliver() {
    // Taken before reading: a change while reading makes the next look deliver again.
    delivered = pins.snapshot();
    if (loaded == null) {
      return;
    }
    try {
      controller.desiredState(pins.overlay(loaded));
    } catch (Pins.PinsException e) {
      // Deploying without the pins could undo a rollback: keep the state in force, say why.
      LOG.warn("{}; the last desired state stays in force", e.getMessage());
      controller.configurationError(e.getMessage());
    }
  }

  private void watch() {
    try {
      while (!closed) {
        Thread.sleep(poll.toMillis());
        String now = pins.snapshot();
        synchronized (this) {
          if (!closed && !now.equals(delivered)) {
            LOG.info("pins changed in {}", pins.dir());
            deliver();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
