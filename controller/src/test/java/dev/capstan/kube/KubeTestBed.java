package dev.capstan.kube;

import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.HostConnector;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.reconcile.Backoff;
import dev.capstan.reconcile.Rollout;
import dev.capstan.release.HostDeployer;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.Processes;
import dev.capstan.testing.SshdHosts;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the Kubernetes-mode tests share: fabric8's mock API server in CRUD mode with the generated
 * CRDs registered, two real OpenSSH hosts each with its own folder at one deploy path, a real Git
 * repository of a tiny app (an activate script that starts a sleeping "service" and a health check
 * that looks for it), and the documents as {@code kubectl apply} would send them.
 */
final class KubeTestBed implements AutoCloseable {

  static final String NAMESPACE = "shop";
  static final Duration CONVERGE = Duration.ofSeconds(60);
  static final String ACTIVATE =
      String.join(
          "\n",
          "set -eu",
          "pidfile=\"$CAPSTAN_DEPLOY_PATH/shared/run/service.pid\"",
          "if [ -f \"$pidfile\" ]; then kill \"$(cat \"$pidfile\")\" 2>/dev/null || true; fi",
          "setsid sleep 100000 > /dev/null 2>&1 < /dev/null &",
          "echo $! > \"$pidfile\"",
          "");
  static final String HEALTHY =
      "kill -0 \"$(cat \"$CAPSTAN_DEPLOY_PATH/shared/run/service.pid\")\"\n";

  /** Held so the level sticks: the mock server logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  final String mount;
  final Path work;
  final KubernetesMockServer server;
  final KubernetesClient client;
  final SshdHosts hosts;
  final GitRepo repo;

  KubeTestBed(Path work, String mount) throws IOException {
    this(work, mount, 2);
  }

  KubeTestBed(Path work, String mount, int hostCount) throws IOException {
    this.work = work;
    this.mount = mount;
    server = MockApi.started();
    client = MockApi.withCrds(server);
    hosts = SshdHosts.builder().count(hostCount).bindAt(mount).start();
    repo = GitRepo.init(work.resolve("repo"));
  }

  /** A runtime against the mock server, with its own client, connector and Lease identity. */
  KubernetesRuntime start(String identity, boolean leaderElect, HostConnector connector)
      throws IOException {
    return start(identity, leaderElect, connector, server.createClient());
  }

  /** A runtime that talks to the API server through {@code client} (close it to cut it off). */
  KubernetesRuntime start(
      String identity, boolean leaderElect, HostConnector connector, KubernetesClient client)
      throws IOException {
    KubernetesRuntime.Config config = config(work, identity, leaderElect, connector, 0);
    return KubernetesRuntime.start(config, client);
  }

  /**
   * The settings of every test replica: a 2 s Lease renewed every 250 ms, two workers, a mirror
   * folder of its own under {@code work}, secrets looked at every 300 ms.
   *
   * @param shards 0 for one leader (or none without leader election)
   */
  static KubernetesRuntime.Config config(
      Path work, String identity, boolean leaderElect, HostConnector connector, int shards) {
    return new KubernetesRuntime.Config(
        List.of(NAMESPACE),
        false,
        leaderElect,
        "capstan-controller",
        NAMESPACE,
        Duration.ofMillis(2000),
        Duration.ofMillis(1500),
        Duration.ofMillis(250),
        "127.0.0.1:0",
        2,
        null,
        new RepositoryMirrors(work.resolve("cache-" + identity)),
        new Rollout.Settings(
            null,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            HostDeployer.Timeouts.DEFAULT,
            Clock.systemUTC()),
        Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2)),
        Duration.ofMillis(300),
        Duration.ofSeconds(5),
        identity,
        connector,
        shards);
  }

  KubernetesRuntime start(String identity) throws IOException {
    return start(identity, false, new DefaultHostConnector());
  }

  /** Prepares each host's shared folder, as an operator would before the first deploy. */
  void prepareShared(String app) throws IOException {
    for (int i = 0; i < hosts.size(); i++) {
      Files.createDirectories(deployDir(i, app).resolve("shared"));
      Files.writeString(deployDir(i, app).resolve("shared/.env"), "HOST=" + i + "\n");
    }
  }

  String commitApp(String version, String health) {
    return repo.write("app/version.txt", version + "\n")
        .write("app/activate.sh", ACTIVATE)
        .write("app/health.sh", health)
        .commit(version);
  }

  /** The deploy key and known_hosts as one Secret, the way the README says to create it. */
  void createSshSecret(String name) throws IOException {
    TestSecrets.createBytes(
        client,
        NAMESPACE,
        name,
        Map.of(
            "id_ed25519", Files.readAllBytes(hosts.privateKey()),
            "known_hosts", Files.readAllBytes(hosts.knownHosts())));
  }

  String applicationYaml(String name, String deployPath) {
    return applicationYaml(name, deployPath, null);
  }

  /** The same, its repository polled every {@code pollInterval} (null: the default). */
  String applicationYaml(String name, String deployPath, String pollInterval) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: " + name + ", namespace: " + NAMESPACE + "}",
        "spec:",
        "  repository: {url: \""
            + repo.dir()
            + "\", subPath: app"
            + (pollInterval == null ? "" : ", pollInterval: " + pollInterval)
            + "}",
        "  deployPath: " + deployPath,
        "  keepReleases: 3",
        "  shared: {files: [.env], dirs: [run]}",
        "  activate: [\"sh activate.sh\"]",
        "  healthCheck: {command: \"sh health.sh\", timeoutSeconds: 5, retries: 1,"
            + " intervalSeconds: 0}",
        "");
  }

  String environmentYaml(String name, String application, String revision, String secret) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: " + name + ", namespace: " + NAMESPACE + "}",
        "spec:",
        "  application: " + application,
        "  revision: \"" + revision + "\"",
        "  hosts: [\"" + hosts.address(0) + "\", \"" + hosts.address(1) + "\"]",
        "  ssh:",
        "    privateKey: {secretRef: {name: " + secret + ", key: id_ed25519}}",
        "    knownHosts: {secretRef: {name: " + secret + ", key: known_hosts}}",
        "  rollout: {maxParallel: 2}",
        "  driftInterval: 1s",
        "");
  }

  /** {@code kubectl apply -f} of one document (create, or replace the spec). */
  void apply(String yaml) {
    client.resource(yaml).inNamespace(NAMESPACE).createOr(existing -> existing.update());
  }

  void patchSpec(String environment, String jsonMergePatch) {
    client
        .resources(EnvironmentResource.class)
        .inNamespace(NAMESPACE)
        .withName(environment)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + jsonMergePatch + "}");
  }

  EnvironmentResource environment(String name) {
    return client.resources(EnvironmentResource.class).inNamespace(NAMESPACE).withName(name).get();
  }

  EnvironmentResourceStatus status(String name) {
    EnvironmentResource resource = environment(name);
    return resource == null ? null : resource.getStatus();
  }

  List<Event> events(String environment) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> environment.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  boolean hasEvent(String environment, String reason, String messagePart) {
    return events(environment).stream()
        .anyMatch(
            e ->
                reason.equals(e.getReason())
                    && e.getMessage() != null
                    && e.getMessage().contains(messagePart));
  }

  Path deployDir(int host, String app) {
    return hosts.host(host).hostDir().resolve(app);
  }

  String liveCommit(int host, String app) throws IOException {
    Path revision = deployDir(host, app).resolve("current/REVISION");
    return Files.exists(revision) ? Files.readString(revision).strip() : null;
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** Stops every service the tests started on the hosts, the hosts, and the API server. */
  @Override
  public void close() throws IOException {
    for (int i = 0; hosts != null && i < hosts.size(); i++) {
      try (var apps = Files.list(hosts.host(i).hostDir())) {
        for (Path app : apps.toList()) {
          Processes.stopByPidFile(app.resolve("shared/run/service.pid"));
        }
      }
    }
    if (hosts != null) {
      hosts.close();
    }
    if (repo != null) {
      repo.close();
    }
    client.close();
    server.destroy();
  }
}
