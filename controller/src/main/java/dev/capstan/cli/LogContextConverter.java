package dev.capstan.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code %logContext} in logback.xml: the event's MDC as {@code key=value} pairs, each after a
 * blank, environment, host and trigger first; nothing at all when the MDC is empty. A line reads
 * {@code 12:00:01.002 INFO Controller environment=web host=web1 trigger=push - built …}.
 */
public final class LogContextConverter extends ClassicConverter {

  private static final List<String> FIRST = List.of("environment", "host", "trigger");

  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null || mdc.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    Map<String, String> rest = new TreeMap<>(mdc);
    for (String key : FIRST) {
      String value = rest.remove(key);
      if (value != null) {
        out.append(' ').append(key).append('=').append(value);
      }
    }
    rest.forEach((key, value) -> out.append(' ').append(key).append('=').append(value));
    return out.toString();
  }
}
