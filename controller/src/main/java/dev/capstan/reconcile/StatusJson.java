package dev.capstan.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of status, shared by {@code capstan status -o json}, the controller's {@code
 * /status} and its state folder: {@code {"environments": [{"name", "revision", "commit",
 * "failedCommit", "conditions", "hosts": [{"host", "release", "commit", "state", "reason",
 * "message", "failedCommit", …}]}]}}; {@link HostState} and {@link Reason} constants by name.
 */
public final class StatusJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // A status written before a reason or state was renamed still reads (it is null).
          .enable(
              com.fasterxml.jackson.databind.DeserializationFeature
                  .READ_UNKNOWN_ENUM_VALUES_AS_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** The document root. */
  public record Document(List<EnvironmentStatus> environments) {}

  private StatusJson() {}

  public static String write(List<EnvironmentStatus> environments) {
    return toJson(new Document(environments));
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status records always serialize", e);
    }
  }

  public static EnvironmentStatus readEnvironment(String json) throws IOException {
    return JSON.readValue(json, EnvironmentStatus.class);
  }

  /** A status computed from a fresh observation, with no history: what {@code status} shows. */
  public static EnvironmentStatus observed(RolloutReport report, java.time.Instant now) {
    return StatusRecorder.record(null, report, Map.of(), now);
  }
}
