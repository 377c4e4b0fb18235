package dev.capstan.cli;

import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.PooledHostConnector;
import dev.capstan.kube.KubernetesRuntime;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Controller;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Starts Kubernetes mode from the command line. A class of its own so that {@link RunCommand}
 * reaches {@code dev.capstan.kube} (and with it fabric8) only when {@code --kubernetes} is given.
 */
final class KubernetesRun {

  private KubernetesRun() {}

  static void run(
      KubernetesOptions options,
      String listen,
      int workers,
      String webhookSecret,
      EngineOptions engine,
      Duration grace,
      CountDownLatch stop,
      PrintWriter err)
      throws Exception {
    PooledHostConnector connections =
        new PooledHostConnector(new DefaultHostConnector(), Controller.CONNECTION_IDLE);
    KubernetesRuntime.Config config =
        new KubernetesRuntime.Config(
            options.namespaces,
            options.allNamespaces,
            options.leaderElect,
            options.leaseName,
            options.leaseNamespace,
            seconds(options.leaseDurationSeconds),
            seconds(options.renewDeadlineSeconds),
            seconds(options.retryPeriodSeconds),
            listen,
            workers,
            webhookSecret,
            engine.mirrors(),
            engine.settings(null),
            Backoff.DEFAULT,
            seconds(options.secretPollSeconds),
            grace,
            null,
            connections,
            options.shards);
    try (connections;
        KubernetesRuntime runtime = KubernetesRuntime.start(config)) {
      err.printf(
          "capstan controller (Kubernetes mode): %s, serving %s (port %d)%n",
          runtime.describe(), listen, runtime.port());
      stop.await();
      err.println("capstan controller: stopping");
    }
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
