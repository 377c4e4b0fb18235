package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TextLogEncoderTest {

  private final LoggerContext context = new LoggerContext();

  private String encode(LoggingEvent event) {
    return new String(new TextLogEncoder().encode(event), StandardCharsets.UTF_8);
  }

  private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
    return event(Map.of(), level, message, thrown, args);
  }

  private LoggingEvent event(
      Map<String, String> mdc, Level level, String message, Throwable thrown, Object... args) {
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("dev.capstan.reconcile.Controller"),
            level,
            message,
            thrown,
            args);
    event.setMDCPropertyMap(mdc);
    return event;
  }

  @Test
  void aLineHasTimeLevelSimpleLoggerNameContextAndMessage() {
    LoggingEvent event =
        event(
            Map.of("trigger", "push", "zone", "a", "host", "web1", "environment", "web"),
            Level.INFO,
            "built {}",
            null,
            "r1");
    String line = encode(event);
    assertTrue(
        line.matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Controller environment=web host=web1 trigger=push"
                + " zone=a - built r1\\R"),
        line);
  }

  @Test
  void withoutContextNothingStandsBetweenLoggerAndDash() {
    String line = encode(event(Level.ERROR, "down", null));
    assertTrue(line.endsWith(" ERROR Controller - down" + System.lineSeparator()), line);
  }

  @Test
  void aThrowableFollowsTheLineWithItsStackTrace() {
    String text = encode(event(Level.WARN, "failed", new IllegalStateException("boom")));
    String[] lines = text.split("\\R");
    assertTrue(lines[0].endsWith(" WARN  Controller - failed"), text);
    assertEquals("java.lang.IllegalStateException: boom", lines[1]);
    assertTrue(lines[2].trim().startsWith("at dev.capstan.cli.TextLogEncoderTest"), text);
  }

  @Test
  void theCommandLineIsConfiguredInCodeWithTheLevelsItHad() {
    LoggerContext live = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertEquals(Level.OFF, live.getLogger("net.schmizz").getLevel());
    assertEquals(Level.OFF, live.getLogger("com.hierynomus").getLevel());
    assertTrue(
        live.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogFormat.APPENDER) != null,
        "the stderr appender is installed");
  }
}
