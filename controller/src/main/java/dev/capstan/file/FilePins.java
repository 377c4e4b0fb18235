package dev.capstan.file;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import dev.capstan.reconcile.Pins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Pins} in a state folder: one {@code <environment>.pins.json} per Environment, each written
 * atomically, the user's YAML never touched. The pins set here win over the YAML's (see {@link
 * PinState#overlaidBy}).
 */
public final class FilePins implements Pins {

  static final String SUFFIX = ".pins.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  public FilePins(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public synchronized void pin(String environment, String commit, String reason, String setBy)
      throws PinsException {
    PinState now = read(environment);
    write(environment, new PinState(new Pin(commit, reason, setBy), now.veto()));
  }

  @Override
  public synchronized boolean unpin(String environment) throws PinsException {
    PinState now = read(environment);
    if (now.pin() == null) {
      return false;
    }
    write(environment, new PinState(null, now.veto()));
    return true;
  }

  @Override
  public synchronized void veto(String environment, String commit, String reason)
      throws PinsException {
    PinState now = read(environment);
    List<Veto> vetoes = new ArrayList<>(now.veto());
    vetoes.removeIf(v -> v.commit().equalsIgnoreCase(commit));
    vetoes.add(new Veto(commit, reason));
    write(environment, new PinState(now.pin(), vetoes));
  }

  /** One read and one write: a rollback's pin and vetoes land in the file together. */
  @Override
  public synchronized void rollback(
      String environment, String commit, String reason, List<String> vetoes) throws PinsException {
    PinState now = read(environment);
    List<Veto> all = new ArrayList<>(now.veto());
    for (String veto : vetoes) {
      all.removeIf(v -> v.commit().equalsIgnoreCase(veto));
      all.add(new Veto(veto, reason));
    }
    write(environment, new PinState(new Pin(commit, reason, Pin.BY_ROLLBACK), all));
  }

  @Override
  public synchronized boolean unveto(String environment, String commit) throws PinsException {
    PinState now = read(environment);
    List<Veto> vetoes = new ArrayList<>(now.veto());
    if (!vetoes.removeIf(v -> v.sameCommit(commit))) {
      return false;
    }
    write(environment, new PinState(now.pin(), vetoes));
    return true;
  }

  @Override
  public PinState read(String environment) throws PinsException {
    Path file = file(environment);
    if (!Files.isRegularFile(file)) {
      return PinState.NONE;
    }
    try {
      return JSON.readValue(Files.readString(file), PinState.class);
    } catch (IOException | RuntimeException e) {
      throw new PinsException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The desired state with each Environment's pins from this folder overlaid on its spec's.
   *
   * @throws PinsException when a pins file cannot be read: deploying without it could undo a pin
   */
  public DesiredState overlay(DesiredState state) throws PinsException {
    Map<String, Environment> environments = new HashMap<>();
    for (Environment environment : state.environments().values()) {
      PinState operator = read(environment.name());
      environments.put(
          environment.name(),
          operator.none()
              ? environment
              : new Environment(
                  environment.name(),
                  environment.spec().withPins(environment.spec().pins().overlaidBy(operator)),
                  environment.baseDir()));
    }
    return new DesiredState(state.applications(), environments);
  }

  /** What every pins file of the folder holds now, by file name: compared to see a change. */
  String snapshot() {
    if (!Files.isDirectory(dir)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        all.append(file.getFileName()).append('\0');
        try {
          all.append(Files.readString(file));
        } catch (IOException e) {
          all.append("unreadable: ").append(e.getMessage());
        }
        all.append('\0');
      }
    } catch (IOException e) {
      return "unlistable: " + e.getMessage();
    }
    return all.toString();
  }

  private void write(String environment, PinState pins) throws PinsException {
    Path file = file(environment);
    try {
      Files.createDirectories(dir);
      if (pins.none()) {
        Files.deleteIfExists(file);
        return;
      }
      Path temporary = Files.createTempFile(dir, environment, ".tmp");
      Files.writeString(temporary, JSON.writeValueAsString(pins));
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new PinsException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private Path file(String environment) {
    return dir.resolve(environment + SUFFIX);
  }
}
