package dev.capstan.cli;

import dev.capstan.host.DefaultHostConnector;
import dev.capstan.reconcile.FileCredentials;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.source.RepositoryMirrors;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
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
      description = "How long to wait for another deployer's host lock (default: ${DEFAULT-VALUE}).")
  long lockWaitSeconds;

  Rollout rollout() {
    RepositoryMirrors mirrors =
        new RepositoryMirrors(cacheDir == null ? RepositoryMirrors.defaultCacheDir() : cacheDir);
    Rollout.Settings defaults = Rollout.Settings.defaults(lockHolder());
    Rollout.Settings settings =
        new Rollout.Settings(
            defaults.lockHolder(), defaults.lease(), Duration.ofSeconds(lockWaitSeconds),
            defaults.timeouts(), defaults.clock());
    return new Rollout(
        new DefaultHostConnector(), new MirrorSources(mirrors), new FileCredentials(), settings);
  }

  /** {@code capstan@machine:pid:random}: who holds a host lock, readable by the operator. */
  static String lockHolder() {
    String machine;
    try {
      machine = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      machine = "unknown";
    }
    String pid = Long.toString(ProcessHandle.current().pid());
    String id = UUID.randomUUID().toString().substring(0, 8);
    return ("capstan@" + machine + ":" + pid + ":" + id).replaceAll("[^A-Za-z0-9@:._-]", "_");
  }
}
