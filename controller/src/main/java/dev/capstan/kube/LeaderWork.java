package dev.capstan.kube;

import dev.capstan.host.HostConnector;
import dev.capstan.kube.DesiredStateAssembler.Assembly;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Controller;
import dev.capstan.reconcile.ControllerEvents;
import dev.capstan.reconcile.MirrorSources;
import dev.capstan.reconcile.Rollout;
import dev.capstan.reconcile.StatusStore;
import dev.capstan.source.RepositoryMirrors;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replica does while it leads (or always, without leader election): runs a {@link
 * Controller} fed with the newest assembly of the watched resources, and polls the Secrets that its
 * specs name. Stopped, it lets reconciles in flight finish within the grace period.
 */
final class LeaderWork {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesRuntime.class);

  /** What a Controller of this replica is made of. */
  record Parts(
      RepositoryMirrors mirrors,
      HostConnector connector,
      Rollout.Settings settings,
      int workers,
      Backoff backoff,
      Duration secretPoll,
      Duration shutdownGrace,
      StatusStore statusStore,
      ControllerEvents events) {}

  private final Parts parts;
  private final SecretReader secrets;
  private final SecretWatch secretWatch;
  private final ResourceWatch watch;
  private final ApplicationStatusWriter applicationStatus;
  private final ScheduledExecutorService background;
  private final String reconciles;
  private Controller controller;
  private ScheduledFuture<?> secretPolling;
  private Assembly assembly;
  private Assembly pushed;

  /**
   * @param applicationStatus null when another work writes the Applications' status
   * @param reconciles who reconciles what, for the start-up line
   */
  LeaderWork(
      Parts parts,
      SecretReader secrets,
      ResourceWatch watch,
      ApplicationStatusWriter applicationStatus,
      ScheduledExecutorService background,
      String reconciles) {
    this.parts = parts;
    this.secrets = secrets;
    this.secretWatch = new SecretWatch(secrets, this::requeue);
    this.watch = watch;
    this.applicationStatus = applicationStatus;
    this.background = background;
    this.reconciles = reconciles;
  }

  /** The Controller that runs now; null when this replica does not reconcile. */
  synchronized Controller controller() {
    return controller;
  }

  /** The newest desired state: handed to the Controller, if one runs and it is news. */
  synchronized void assembled(Assembly next) {
    assembly = next;
    push();
  }

  synchronized void start() {
    if (controller != null) {
      return;
    }
    SecretSources sources = new SecretSources(new MirrorSources(parts.mirrors()), secrets);
    Rollout rollout =
        new Rollout(parts.connector(), sources, new KubeCredentials(secrets), parts.settings());
    controller =
        new Controller(
            rollout,
            sources,
            parts.statusStore(),
            parts.events(),
            parts.workers(),
            parts.backoff(),
            parts.settings().clock());
    pushed = null;
    push();
    long poll = parts.secretPoll().toMillis();
    secretPolling =
        background.scheduleWithFixedDelay(this::pollSecrets, poll, poll, TimeUnit.MILLISECONDS);
    LOG.info("{}", reconciles);
  }

  void stop() {
    Controller stopping;
    synchronized (this) {
      stopping = controller;
      controller = null;
      if (secretPolling != null) {
        secretPolling.cancel(false);
      }
    }
    if (stopping != null) {
      try {
        stopping.close(parts.shutdownGrace());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void push() {
    if (controller == null || assembly == null || assembly.equals(pushed)) {
      return;
    }
    pushed = assembly;
    controller.desiredState(assembly.state(), assembly.invalidEnvironments());
    secretWatch.desiredState(assembly.state());
    if (applicationStatus != null) {
      applicationStatus.write(watch.applications(), assembly.applications());
    }
  }

  private void pollSecrets() {
    try {
      secretWatch.poll();
    } catch (RuntimeException e) {
      LOG.warn("looking at Secrets failed: {}", e.toString());
    }
  }

  private synchronized void requeue(String environment, String trigger) {
    if (controller != null) {
      controller.requeue(environment, trigger);
    }
  }
}
