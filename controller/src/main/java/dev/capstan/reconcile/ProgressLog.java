package dev.capstan.reconcile;

import dev.capstan.release.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's progress listener: each step's progress is a log line tagged with its host (at
 * INFO, but "in sync", which every drift interval repeats, at DEBUG), and a build that starts is an
 * event.
 */
final class ProgressLog implements ProgressListener {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final String environment;
  private final ControllerEvents events;
  private final java.util.function.Consumer<String> buildStarted;

  ProgressLog(String environment, ControllerEvents events) {
    this(environment, events, release -> {});
  }

  /** A log that also hands each release whose build starts to {@code buildStarted}. */
  ProgressLog(
      String environment,
      ControllerEvents events,
      java.util.function.Consumer<String> buildStarted) {
    this.environment = environment;
    this.events = events;
    this.buildStarted = buildStarted;
  }

  @Override
  public void progress(String host, String message) {
    ReconcileLog.withHost(
        host,
        () -> {
          if (ChooseHostsToChange.IN_SYNC.equals(message)) {
            LOG.debug(message);
          } else {
            LOG.info(message);
          }
        });
  }

  /** Each step's own output is logged when the controller's log is at DEBUG ({@code run -v}). */
  @Override
  public boolean verbose() {
    return LOG.isDebugEnabled();
  }

  @Override
  public void buildStarted(String host, String release) {
    events.buildStarted(environment, host, release);
    buildStarted.accept(release);
  }
}
