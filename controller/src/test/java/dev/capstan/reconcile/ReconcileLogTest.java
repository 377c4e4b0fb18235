package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.capstan.model.HostAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every line a reconcile logs, on its host threads too, names the environment, host and trigger.
 */
class ReconcileLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(Controller.class);
  private final ListAppender<ILoggingEvent> lines =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing(); // takes the logging thread's context now
          super.append(event);
        }
      };
  private final ExecutorService hostThreads =
      Executors.newCachedThreadPool(task -> new Thread(task, "capstan-host"));
  private Level levelBefore;

  @BeforeEach
  void listen() {
    levelBefore = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
    logger.setLevel(levelBefore);
    hostThreads.shutdownNow();
  }

  @Test
  void linesLoggedOnHostThreadsCarryEnvironmentHostAndTrigger() throws Exception {
    reconcile("prod", "spec-change", "building");

    List<ILoggingEvent> building = logged("building");
    assertEquals(2, building.size(), "one line per host");
    for (ILoggingEvent line : building) {
      assertEquals("capstan-host", line.getThreadName(), "logged on a host thread");
      assertEquals("prod", line.getMDCPropertyMap().get(ReconcileLog.ENVIRONMENT));
      assertEquals("spec-change", line.getMDCPropertyMap().get(ReconcileLog.TRIGGER));
      assertEquals(Level.INFO, line.getLevel());
    }
    assertEquals(
        Set.of("deploy@web1", "deploy@web2"),
        building.stream()
            .map(line -> line.getMDCPropertyMap().get(ReconcileLog.HOST))
            .collect(Collectors.toSet()));
  }

  @Test
  void inSyncIsLoggedAtDebug() throws Exception {
    reconcile("prod", "requeue", ChooseHostsToChange.IN_SYNC);

    List<ILoggingEvent> inSync = logged(ChooseHostsToChange.IN_SYNC);
    assertEquals(2, inSync.size());
    assertTrue(inSync.stream().allMatch(line -> line.getLevel() == Level.DEBUG));
  }

  @Test
  void aHostThreadKeepsNoContextAfterItsTask() throws Exception {
    reconcile("prod", "push", "building");
    Map<String, String> after = hostThreads.submit(() -> org.slf4j.MDC.getCopyOfContextMap()).get();

    assertTrue(after == null || after.isEmpty(), "left behind: " + after);
  }

  /** Runs one reconcile through a work queue whose hosts each report {@code message}. */
  private void reconcile(String environment, String trigger, String message) throws Exception {
    ParallelHosts parallel = new ParallelHosts(hostThreads);
    List<HostRun> hosts =
        List.of(
            new HostRun(HostAddress.parse("deploy@web1")),
            new HostRun(HostAddress.parse("deploy@web2")));
    WorkQueue<String> queue =
        new WorkQueue<>(
            (key, why) -> {
              ProgressLog progress = new ProgressLog(key, ControllerEvents.NONE);
              parallel.each(
                  hosts, host -> progress.progress(host.name(), message), (host, e) -> {});
              return WorkQueue.Result.done();
            },
            1);
    try {
      queue.enqueue(environment, trigger);
      assertTrue(queue.awaitIdle(Duration.ofSeconds(30)), "the reconcile ended");
    } finally {
      queue.shutdown(Duration.ofSeconds(10));
    }
  }

  private List<ILoggingEvent> logged(String message) {
    return lines.list.stream().filter(line -> line.getFormattedMessage().equals(message)).toList();
  }
}
