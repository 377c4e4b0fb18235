package dev.capstan.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The mark a running {@code capstan run} leaves in its state folder ({@code controller.json}: its
 * pid, start time and address), so that a one-shot command on the same desired state can say that a
 * controller manages it. A mark whose process is gone (or is another process now) means nothing.
 */
public final class ControllerMark {

  static final String FILE = "controller.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A running controller as its mark describes it. */
  public record Running(long pid, Instant started, String listen) {}

  private ControllerMark() {}

  /** Writes this process's mark into {@code stateDir}. */
  static void write(Path stateDir, String listen) throws IOException {
    ProcessHandle self = ProcessHandle.current();
    Instant started = self.info().startInstant().orElse(Instant.EPOCH);
    Files.createDirectories(stateDir);
    Path temp = stateDir.resolve(FILE + ".tmp");
    Files.writeString(
        temp,
        JSON.createObjectNode()
            .put("pid", self.pid())
            .put("started", started.toString())
            .put("listen", listen)
            .toString());
    Files.move(temp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes this process's mark, if it is there. */
  static void remove(Path stateDir) {
    read(stateDir)
        .filter(r -> r.pid() == ProcessHandle.current().pid())
        .ifPresent(
            r -> {
              try {
                Files.deleteIfExists(stateDir.resolve(FILE));
              } catch (IOException e) {
                // A mark left behind names a process that is gone: it reads as none.
              }
            });
  }

  /**
   * The controller that runs on {@code stateDir}, when its process is alive; other processes not.
   */
  public static Optional<Running> running(Path stateDir) {
    return read(stateDir)
        .filter(r -> r.pid() != ProcessHandle.current().pid())
        .filter(
            r ->
                ProcessHandle.of(r.pid())
                    .flatMap(p -> p.info().startInstant())
                    .map(r.started()::equals)
                    .orElse(false));
  }

  private static Optional<Running> read(Path stateDir) {
    try {
      JsonNode node = JSON.readTree(Files.readString(stateDir.resolve(FILE)));
      return Optional.of(
          new Running(
              node.path("pid").asLong(),
              Instant.parse(node.path("started").asText()),
              node.path("listen").asText("")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
