package dev.capstan.file;

import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.StatusJson;
import dev.capstan.reconcile.StatusStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File mode's status: one {@code <environment>.json} per Environment in a state folder, replaced
 * atomically so a reader never sees half a file.
 */
public final class FileStatusStore implements StatusStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileStatusStore.class);
  private static final String FOLDER_NAME = ".capstan-state";

  private final Path dir;

  public FileStatusStore(Path dir) {
    this.dir = dir;
  }

  /** The default state folder: beside the desired-state file, or inside the folder given. */
  public static Path defaultDir(Path desiredState) {
    Path absolute = desiredState.toAbsolutePath().normalize();
    return Files.isDirectory(absolute)
        ? absolute.resolve(FOLDER_NAME)
        : absolute.getParent().resolve(FOLDER_NAME);
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void write(EnvironmentStatus status) {
    try {
      Files.createDirectories(dir);
      Path temporary = Files.createTempFile(dir, status.name(), ".tmp");
      Files.writeString(temporary, StatusJson.toJson(status));
      Files.move(
          temporary,
          file(status.name()),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // Status is a report, not state the controller depends on: say so, keep reconciling.
      LOG.warn("cannot write the status of {} to {}: {}", status.name(), dir, e.getMessage());
    }
  }

  @Override
  public void remove(String environment) {
    try {
      Files.deleteIfExists(file(environment));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<EnvironmentStatus> read(String environment) {
    Path file = file(environment);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(StatusJson.readEnvironment(Files.readString(file)));
    } catch (IOException e) {
      LOG.warn("ignoring unreadable status file {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private Path file(String environment) {
    return dir.resolve(environment + ".json");
  }
}
