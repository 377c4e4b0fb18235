package dev.capstan.cli;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.release.LockHolder;
import dev.capstan.source.RepositoryMirrors;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options for commands that reach hosts and repositories, and the engine built from them. */
final class EngineOptions {

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Where Git mirrors are kept (default: ~/.cache/capstan/repositories).")
  Path cacheDir;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description =
          "How long to wait for another deployer's host lock (default: ${DEFAULT-VALUE}).")
  long lockWaitSeconds;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Show each step's own output (its command, exit status and the last lines of"
              + " its stdout and stderr) as it runs.")
  boolean verbose;

  /** A one-shot rollout, as {@code plan}, {@code apply} and {@code status} use it. */
  Rollout rollout() {
    return new Rollout(
        new DefaultHostConnector(),
        new MirrorSources(mirrors()),
        new FileCredentials(),
        settings(oneShotHolder()));
  }

  RepositoryMirrors mirrors() {
    return new RepositoryMirrors(cacheDir == null ? RepositoryMirrors.defaultCacheDir() : cacheDir);
  }

  Rollout.Settings settings(String lockHolder) {
    Rollout.Settings defaults = Rollout.Settings.defaults(lockHolder);
    return new Rollout.Settings(
        lockHolder,
        defaults.lease(),
        Duration.ofSeconds(lockWaitSeconds),
        defaults.timeouts(),
        defaults.clock());
  }

  /** Who holds a host lock: this machine and process (see {@link LockHolder}). */
  static String oneShotHolder() {
    return LockHolder.forThisProcess();
  }

  static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
