package dev.capstan.kube;

import dev.capstan.host.HostConnector;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Controller;
import dev.capstan.reconcile.Rollout;
import dev.capstan.release.HostLock;
import dev.capstan.server.ControllerEndpoints;
import dev.capstan.server.Push;
import dev.capstan.server.Readiness;
import dev.capstan.source.RepositoryMirrors;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kubernetes mode assembled ({@code capstan run --kubernetes}): informers on Applications and
 * Environments feed the same {@link Controller} as file mode, status goes to the status
 * subresource, Events to the Environment, secrets come from Secrets. Every replica watches; only
 * the leader (a Lease) runs a Controller and so touches hosts ({@link LeaderReplica}), or, with
 * {@code shards} set, each replica runs one Controller per shard it holds ({@link Sharding}). Its
 * API takes and returns plain Java, so the command line reaches fabric8 only through this class and
 * only in this mode.
 */
public final class KubernetesRuntime implements AutoCloseable {

  /**
   * What a Kubernetes-mode controller needs.
   *
   * @param namespaces watched namespaces; empty for the default (env POD_NAMESPACE, else the
   *     kubeconfig's namespace)
   * @param allNamespaces watch every namespace ({@code namespaces} must then be empty)
   * @param leaseNamespace null for the default namespace
   * @param lease Lease duration, renew deadline and retry period
   * @param settings rollout knobs; the lock holder is replaced by one name shared by all replicas,
   *     so that a new leader takes over the host locks of one that died at once
   * @param secretPoll how often the Secrets that specs name are looked at for changes
   * @param identity this replica's name in the Lease; null for the pod name plus a random suffix
   * @param connector how hosts are reached ({@code DefaultHostConnector} but in tests)
   * @param shards with leader election, 0 for one leader (a single Lease) or how many shards the
   *     replicas share, each under its own Lease (see {@link Sharding})
   */
  public record Config(
      List<String> namespaces,
      boolean allNamespaces,
      boolean leaderElect,
      String leaseName,
      String leaseNamespace,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      String listen,
      int workers,
      String webhookSecret,
      RepositoryMirrors mirrors,
      Rollout.Settings settings,
      Backoff backoff,
      Duration secretPoll,
      Duration shutdownGrace,
      String identity,
      HostConnector connector,
      int shards) {

    public static final String DEFAULT_LEASE_NAME = "capstan-controller";
    public static final Duration DEFAULT_SECRET_POLL = Duration.ofSeconds(15);

    public Config {
      namespaces = List.copyOf(namespaces);
      if (shards < 0) {
        throw new IllegalArgumentException("shards must be 0 (one leader) or more, not " + shards);
      }
    }

    boolean sharded() {
      return leaderElect && shards > 0;
    }
  }

  private final Config config;
  private final KubernetesClient client;
  private final boolean ownsClient;
  private final List<String> namespaces;
  private final String leaseNamespace;
  private final String identity;
  private final DesiredStateAssembler assembler = new DesiredStateAssembler();
  private final ResourceWatch watch;
  private final SecretFiles secretFiles = new SecretFiles();
  private final KubeEvents events;
  private final ControllerEndpoints endpoints;
  private final ReplicaWork work;
  private final ScheduledExecutorService background =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread thread = new Thread(r, "capstan-kube");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean refreshPending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private KubernetesRuntime(Config config, KubernetesClient client, boolean ownsClient) {
    this.config = config;
    this.client = client;
    this.ownsClient = ownsClient;
    String home = defaultNamespace(client);
    this.namespaces =
        config.allNamespaces()
            ? List.of()
            : config.namespaces().isEmpty() ? List.of(home) : config.namespaces();
    this.leaseNamespace = config.leaseNamespace() != null ? config.leaseNamespace() : home;
    this.identity = config.identity() != null ? config.identity() : defaultIdentity();
    this.watch = new ResourceWatch(client, namespaces, this::changed);
    Clock clock = config.settings().clock();
    this.endpoints =
        new ControllerEndpoints(
            config.listen(), config.webhookSecret(), this::controllers, readiness(), this::pushed);
    this.events = new KubeEvents(endpoints.events(), client, watch::environment, identity, clock);
    SecretReader secrets = new SecretReader(client, secretFiles);
    String reconciles =
        identity
            + " reconciles "
            + (namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces));
    Leadership.Timings timings =
        new Leadership.Timings(
            config.leaseDuration(), config.renewDeadline(), config.retryPeriod());
    ApplicationStatusWriter applicationStatus = new ApplicationStatusWriter(client, clock);
    if (config.sharded()) {
      this.work =
          new Sharding(
              new ShardLeases(
                  client, leaseNamespace, config.leaseName(), identity, config.leaseDuration()),
              identity,
              config.shards(),
              timings,
              shard -> {
                String name = shard + "/" + config.shards();
                return new LeaderWork(
                    parts(config.leaseName() + "-shard-" + shard, name + " " + identity, secrets),
                    secrets,
                    watch,
                    shard == 0 ? applicationStatus : null,
                    background,
                    reconciles + ", shard " + name);
              });
    } else {
      LeaderWork leading =
          new LeaderWork(
              parts(config.leaseName(), null, secrets),
              secrets,
              watch,
              applicationStatus,
              background,
              reconciles);
      Leadership leadership =
          !config.leaderElect()
              ? null
              : new Leadership(
                  client,
                  leaseNamespace,
                  config.leaseName(),
                  identity,
                  timings,
                  LeaderReplica.listener(leading));
      this.work =
          new LeaderReplica(
              leading, leadership, leaseNamespace + "/" + config.leaseName(), identity);
    }
  }

  /**
   * What one Controller of this replica is made of.
   *
   * @param lockName the name its host locks are held under, shared by whoever holds it next
   * @param shard the shard shown in each status it writes; null without sharding
   */
  private LeaderWork.Parts parts(String lockName, String shard, SecretReader secrets) {
    Clock clock = config.settings().clock();
    return new LeaderWork.Parts(
        config.mirrors(),
        config.connector(),
        sharedHolder(config.settings(), leaseNamespace, lockName),
        config.workers(),
        config.backoff(),
        config.secretPoll(),
        config.shutdownGrace(),
        new KubeStatusStore(client, watch::environment, assembler, secrets.stalled(), clock, shard),
        events);
  }

  /** Connects with the kubeconfig or the in-cluster service account, then {@link #start}s. */
  public static KubernetesRuntime start(Config config) throws IOException {
    return start(config, new KubernetesClientBuilder().build(), true);
  }

  /** Starts with a client of the caller's (tests: the mock API server's), which it leaves open. */
  static KubernetesRuntime start(Config config, KubernetesClient client) throws IOException {
    return start(config, client, false);
  }

  private static KubernetesRuntime start(Config config, KubernetesClient client, boolean ownsClient)
      throws IOException {
    KubernetesRuntime runtime = new KubernetesRuntime(config, client, ownsClient);
    runtime.endpoints.start();
    runtime.watch.start();
    runtime.changed();
    runtime.work.start();
    return runtime;
  }

  public int port() {
    return endpoints.port();
  }

  /** The namespaces watched; empty when all are. */
  public List<String> namespaces() {
    return namespaces;
  }

  public String identity() {
    return identity;
  }

  /** Whether this replica runs the controller now (with sharding: of at least one shard). */
  public boolean reconciling() {
    return !work.controllers().isEmpty();
  }

  /** With sharding, the shards this replica reconciles now; empty without. */
  public SortedSet<Integer> shards() {
    return work.shards();
  }

  /** What the watched resources and the ready state look like, for the start-up line. */
  public String describe() {
    return "watching "
        + (namespaces.isEmpty() ? "all namespaces" : "namespaces " + namespaces)
        + ", "
        + work.describe();
  }

  /** Informers call this on every change: one refresh at a time, changes folded. */
  private void changed() {
    if (refreshPending.compareAndSet(false, true)) {
      background.execute(
          () -> {
            refreshPending.set(false);
            refresh();
          });
    }
  }

  private void refresh() {
    if (!watch.synced()) {
      // Half-listed resources would show Environments without their Applications.
      background.schedule(this::changed, 100, TimeUnit.MILLISECONDS);
      return;
    }
    work.assembled(assembler.assemble(watch.applications(), watch.environments()));
  }

  private List<Controller> controllers() {
    return work.controllers();
  }

  /** A webhook's push: with sharding the other replicas hear of it too. */
  private void pushed(Optional<Push> push) {
    work.pushed(push.map(Push::repositoryUrls).orElse(List.of()));
  }

  private Readiness readiness() {
    return new Readiness() {
      @Override
      public boolean ready() {
        return watch.synced() && work.ready();
      }

      @Override
      public String why() {
        return !watch.synced()
            ? "informers have not listed Applications and Environments yet"
            : work.notReadyWhy();
      }
    };
  }

  /** Stops reconciling (steps in flight finish within the grace), releases the Lease, stops. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    work.close();
    watch.close();
    endpoints.close();
    events.close();
    background.shutdownNow();
    secretFiles.close();
    if (ownsClient) {
      client.close();
    }
  }

  private static String defaultNamespace(KubernetesClient client) {
    String pod = System.getenv("POD_NAMESPACE");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    return client.getNamespace() != null ? client.getNamespace() : "default";
  }

  private static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    String base = host == null || host.isBlank() ? "capstan" : host;
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The one lock holder name of every replica under one Lease. */
  private static Rollout.Settings sharedHolder(
      Rollout.Settings settings, String leaseNamespace, String leaseName) {
    String holder = HostLock.holderName("capstan-kube@" + leaseNamespace + "." + leaseName);
    return new Rollout.Settings(
        holder, settings.lease(), settings.lockWait(), settings.timeouts(), settings.clock());
  }
}
