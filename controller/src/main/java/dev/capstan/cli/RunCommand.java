package dev.capstan.cli;

import dev.capstan.file.FileRuntime;
import dev.capstan.file.FileStatusStore;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Controller;
import dev.capstan.release.HostLock;
import dev.capstan.server.ControllerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code capstan run -f PATH} (file mode) or {@code capstan run --kubernetes}: the controller,
 * until SIGTERM or SIGINT, which stop it cleanly (steps in flight finish or are abandoned at a safe
 * point, locks given back) with exit status 0.
 */
@Command(name = "run", description = "Run the controller: reconcile continuously until stopped.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "PATH",
      description = "A YAML file, or a folder of *.yaml files, watched for changes.")
  Path path;

  @Mixin KubernetesOptions kubernetes;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = ControllerServer.DEFAULT_LISTEN,
      description =
          "Serves /healthz, /readyz, /status, /metrics, /hooks/git (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "File mode: where each Environment's status is written (default:"
              + " .capstan-state beside -f).")
  Path stateDir;

  @Option(
      names = "--workers",
      defaultValue = "16",
      description = "Environments reconciled at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--webhook-secret-file",
      paramLabel = "FILE",
      description = "Shared secret for POST /hooks/git (GitHub signature or GitLab token).")
  Path webhookSecretFile;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "On SIGTERM, how long steps in flight may finish (default: ${DEFAULT-VALUE}).")
  long shutdownGraceSeconds;

  @Mixin EngineOptions engine;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      paramLabel = "text|json",
      description =
          "The log on stderr: text, or json (one object per line; default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  @Override
  public Integer call() throws Exception {
    logFormat.install(spec.commandLine());
    if (engine.verbose
        && org.slf4j.LoggerFactory.getLogger(Controller.class)
            instanceof ch.qos.logback.classic.Logger controllerLog) {
      // Each step's own output, and what each pass found in sync (see ProgressLog).
      controllerLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
    }
    kubernetes.check();
    if (kubernetes.enabled == (path != null)) {
      throw new UsageException(
          kubernetes.enabled
              ? "-f and --kubernetes cannot be used together"
              : "give -f PATH (file mode) or --kubernetes");
    }
    if (kubernetes.enabled && stateDir != null) {
      throw new UsageException(
          "--state-dir is for file mode; Kubernetes mode writes status to" + " the resources");
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    String secret = webhookSecretFile == null ? null : Files.readString(webhookSecretFile).strip();
    if (kubernetes.enabled) {
      KubernetesRun.run(
          kubernetes,
          listen,
          workers,
          secret,
          engine,
          Duration.ofSeconds(shutdownGraceSeconds),
          stop,
          spec.commandLine().getErr());
      return 0;
    }
    Path states = stateDir != null ? stateDir : FileStatusStore.defaultDir(path);
    FileRuntime.Config config =
        new FileRuntime.Config(
            path,
            states,
            listen,
            workers,
            secret,
            engine.mirrors(),
            engine.settings(controllerIdentity(states)),
            Backoff.DEFAULT);
    FileRuntime runtime = FileRuntime.start(config);
    try {
      spec.commandLine()
          .getErr()
          .printf(
              "capstan controller: watching %s, status in %s, serving %s (port %d)%n",
              path, runtime.stateDir(), listen, runtime.port());
      stop.await();
      spec.commandLine().getErr().println("capstan controller: stopping");
    } finally {
      runtime.close(Duration.ofSeconds(shutdownGraceSeconds));
    }
    return 0;
  }

  /**
   * The same name across restarts of a controller on one state folder: a controller that was killed
   * takes its own locks back at once instead of waiting out the lease.
   */
  static String controllerIdentity(Path stateDir) {
    String digest =
        Integer.toHexString(stateDir.toAbsolutePath().normalize().toString().hashCode());
    return HostLock.holderName("capstan-run@" + EngineOptions.machineName() + ":" + digest);
  }
}
