package dev.capstan.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A log line for a person: {@code 12:00:01.002 INFO Controller environment=web host=web1
 * trigger=push - built …}: local time, level, the logger's simple name, the MDC as {@code
 * key=value} pairs (environment, host and trigger first; nothing when it is empty), the message,
 * then the stack trace if any.
 */
public final class TextLogEncoder extends LineEncoder {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final List<String> FIRST = List.of("environment", "host", "trigger");

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    TIME.formatTo(event.getInstant(), line);
    String level = event.getLevel().toString();
    line.append(' ').append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
    String logger = event.getLoggerName();
    line.append(' ').append(logger.substring(logger.lastIndexOf('.') + 1));
    appendContext(line, event.getMDCPropertyMap());
    line.append(" - ").append(event.getFormattedMessage()).append(System.lineSeparator());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)).append(System.lineSeparator());
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The MDC as {@code " key=value"} pairs, environment, host and trigger first, then by key. */
  static void appendContext(StringBuilder out, Map<String, String> mdc) {
    if (mdc == null || mdc.isEmpty()) {
      return;
    }
    Map<String, String> rest = new TreeMap<>(mdc);
    for (String key : FIRST) {
      String value = rest.remove(key);
      if (value != null) {
        out.append(' ').append(key).append('=').append(value);
      }
    }
    rest.forEach((key, value) -> out.append(' ').append(key).append('=').append(value));
  }
}
