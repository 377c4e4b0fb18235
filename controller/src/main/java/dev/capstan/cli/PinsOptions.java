package dev.capstan.cli;

import dev.capstan.file.FilePins;
import dev.capstan.file.FileStatusStore;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Pins;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.source.SourceException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options of {@code pin}, {@code unpin}, {@code veto} and {@code unveto}: which Environment,
 * and where its pins are kept (the state folder beside {@code -f}, or the resource with {@code
 * --kubernetes}).
 */
final class PinsOptions {

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{7,40}");

  @Option(
      names = {"-f", "--file"},
      paramLabel = "PATH",
      description = "A YAML file, or a folder of *.yaml files (file mode).")
  Path path;

  @Option(names = "--env", required = true, paramLabel = "NAME", description = "The Environment.")
  String environment;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "File mode: the controller's state folder (default: .capstan-state beside -f).")
  Path stateDir;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Where Git mirrors are kept (default: ~/.cache/capstan/repositories).")
  Path cacheDir;

  @Option(
      names = "--kubernetes",
      description = "Kubernetes mode: patch the Environment resource's spec.pin / spec.veto.")
  boolean kubernetes;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Kubernetes mode: the Environment's namespace (default: the kubeconfig's).")
  String namespace;

  /** Refuses a mode given twice or not at all, and a file-mode Environment that does not exist. */
  void check() throws UsageException, InvalidDesiredStateException {
    if (kubernetes == (path != null)) {
      throw new UsageException(
          kubernetes
              ? "-f and --kubernetes cannot be used together"
              : "give -f PATH (file mode) or --kubernetes");
    }
    if (kubernetes && stateDir != null) {
      throw new UsageException("--state-dir is for file mode; Kubernetes mode patches the spec");
    }
    if (!kubernetes && namespace != null) {
      throw new UsageException("--namespace needs --kubernetes");
    }
    if (!kubernetes) {
      environment();
    }
  }

  /** Where the pins are kept; the caller closes it in Kubernetes mode. */
  Pins pins() {
    if (kubernetes) {
      return KubernetesPins.open(namespace);
    }
    return new FilePins(stateDir != null ? stateDir : FileStatusStore.defaultDir(path));
  }

  /** Where they are kept, for a person. */
  String where() {
    if (kubernetes) {
      return "the Environment resource's spec";
    }
    return (stateDir != null ? stateDir : FileStatusStore.defaultDir(path)).toString();
  }

  /**
   * {@code commit} as a full commit: resolved against the Application's mirror in file mode (a
   * short commit, a tag or a branch); in Kubernetes mode 7 to 40 hex digits, kept as given (the
   * controller resolves it).
   */
  String resolve(String commit) throws UsageException, InvalidDesiredStateException {
    if (kubernetes) {
      if (!HEX.matcher(commit).matches()) {
        throw new UsageException(
            "in Kubernetes mode COMMIT must be a commit id (7 to 40 hex digits): " + commit);
      }
      return commit.toLowerCase(Locale.ROOT);
    }
    Environment selected = environment();
    DesiredState state = DesiredStateLoader.load(path);
    Application application = state.applicationOf(selected);
    RepositoryMirrors mirrors =
        new RepositoryMirrors(cacheDir == null ? RepositoryMirrors.defaultCacheDir() : cacheDir);
    try {
      return new MirrorSources(mirrors).resolve(application, commit).commit();
    } catch (SourceException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private Environment environment() throws UsageException, InvalidDesiredStateException {
    return DesiredStateOptions.named(DesiredStateLoader.load(path), environment, path);
  }

  /** Closes the Kubernetes client behind {@code pins}; a file-mode store holds nothing open. */
  static void close(Pins pins) {
    if (pins instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the Kubernetes client: " + e.getMessage(), e);
      }
    }
  }
}
