package dev.capstan.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log event and line, as log collectors in a cluster read them: {@code
 * timestamp} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message} (with
 * its arguments filled in), {@code mdc} (environment, host, trigger… sorted by key; present even
 * when empty), then {@code kv} and {@code exception} when the event has them.
 *
 * <p>Logback's own {@code JsonEncoder} writes the raw message pattern and the epoch in
 * milliseconds, and repeats the logger context's properties on every line; this one writes what a
 * person searching the logs wants.
 */
public final class JsonLogEncoder extends LineEncoder {

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", event.getFormattedMessage());
      json.writeObjectFieldStart("mdc");
      Map<String, String> mdc = event.getMDCPropertyMap();
      for (Map.Entry<String, String> entry :
          new TreeMap<>(mdc == null ? Map.of() : mdc).entrySet()) {
        json.writeStringField(entry.getKey(), entry.getValue());
      }
      json.writeEndObject();
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs != null && !pairs.isEmpty()) {
        json.writeObjectFieldStart("kv");
        for (KeyValuePair pair : pairs) {
          json.writeStringField(pair.key, String.valueOf(pair.value));
        }
        json.writeEndObject();
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    line.append('\n');
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }
}
