package dev.capstan.cli;

import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.model.InvalidDesiredStateException;
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

  /** Loads the desired state; {@code err} is where notes about it would go. */
  DesiredState load(PrintWriter err) throws InvalidDesiredStateException {
    DesiredState state = DesiredStateLoader.load(path);
    return state;
  }

  /** The selected Environments, sorted by name. */
  List<Environment> select(DesiredState state) throws UsageException {
    if (environment == null) {
      return List.copyOf(state.sortedEnvironments().values());
    }
    Environment selected = state.environments().get(environment);
    if (selected == null) {
      throw new UsageException(
          "no Environment named \""
              + environment
              + "\" in "
              + path
              + " (there are: "
              + String.join(", ", state.sortedEnvironments().keySet())
              + ")");
    }
    return List.of(selected);
  }
}
