package dev.capstan.cli;

import dev.capstan.file.FilePins;
import dev.capstan.file.FileStatusStore;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.reconcile.Pins;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code -f PATH [--env NAME]} options every command shares, and what they select. */
final class DesiredStateOptions {

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "PATH",
      description = "A YAML file, or a folder of *.yaml files.")
  Path path;

  @Option(names = "--env", paramLabel = "NAME", description = "Only this Environment.")
  String environment;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "The controller's state folder: pins, vetoes, drift history (default: .capstan-state"
              + " beside -f).")
  Path stateDir;

  /**
   * Loads the desired state with the pins and vetoes the state folder holds in force; {@code err}
   * is where notes about it would go.
   */
  DesiredState load(PrintWriter err) throws InvalidDesiredStateException, Pins.PinsException {
    return pins().overlay(loadAsWritten());
  }

  /** The desired state as the YAML says, nothing from the state folder. */
  DesiredState loadAsWritten() throws InvalidDesiredStateException {
    return DesiredStateLoader.load(path);
  }

  /** The state folder: {@code --state-dir}, else {@code .capstan-state} beside {@code -f}. */
  Path stateDir() {
    return stateDir != null ? stateDir : FileStatusStore.defaultDir(path);
  }

  FilePins pins() {
    return new FilePins(stateDir());
  }

  /** The Environment {@code name} of {@code state} (loaded from {@code path}), or a usage error. */
  static Environment named(DesiredState state, String name, Path path) throws UsageException {
    Environment selected = state.environments().get(name);
    if (selected == null) {
      throw new UsageException(
          "no Environment named \""
              + name
              + "\" in "
              + path
              + " (there are: "
              + String.join(", ", state.sortedEnvironments().keySet())
              + ")");
    }
    return selected;
  }

  /** The selected Environments, sorted by name. */
  List<Environment> select(DesiredState state) throws UsageException {
    if (environment == null) {
      return List.copyOf(state.sortedEnvironments().values());
    }
    return List.of(named(state, environment, path));
  }
}
