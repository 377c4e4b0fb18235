package dev.capstan.e2e;

import dev.capstan.model.HostAddress;
import dev.capstan.testing.NetworkNamespace;
import dev.capstan.testing.OpenSshTools;
import dev.capstan.testing.Processes;
import dev.capstan.testing.RedisServer;
import dev.capstan.testing.RequiredTools;
import dev.capstan.testing.SshdHost;
import dev.capstan.testing.SupervisordTeardown;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Hosts for a services test: sshd hosts each in a network namespace of its own (so each can bind
 * 0.0.0.0:8000) and a mount namespace with its own folder at one mount point, one client key and
 * known_hosts file, and a redis-server on this machine that every host reaches at its namespace's
 * outer address. {@link #close} stops the supervisords the hosts ran, and what they started.
 */
final class ServicesFleet {

  private final Path work;
  private final Path privateKey;
  private final Path knownHosts;
  private final List<NetworkNamespace> namespaces;
  private final List<SshdHost> hosts;
  private final RedisServer redis;
  private final Set<Long> seen = new HashSet<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private ServicesFleet(
      Path work,
      Path privateKey,
      Path knownHosts,
      List<NetworkNamespace> namespaces,
      List<SshdHost> hosts,
      RedisServer redis) {
    this.work = work;
    this.privateKey = privateKey;
    this.knownHosts = knownHosts;
    this.namespaces = namespaces;
    this.hosts = hosts;
    this.redis = redis;
  }

  static ServicesFleet start(int count, String mount) throws Exception {
    RequiredTools.program("redis-server", "redis-server");
    Path work = Files.createTempDirectory("capstan-services-");
    List<NetworkNamespace> namespaces = new ArrayList<>();
    List<SshdHost> hosts = new ArrayList<>();
    RedisServer redis = null;
    try {
      Path key = OpenSshTools.keygen(work.resolve("id_ed25519"), "ed25519");
      List<String> bind = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        NetworkNamespace namespace = NetworkNamespace.create();
        namespaces.add(namespace);
        bind.add(namespace.outerAddress());
        hosts.add(
            SshdHost.builder()
                .authorizedKey(OpenSshTools.publicKey(key))
                .bindAt(mount)
                .inNetworkNamespace(namespace.name(), namespace.innerAddress())
                .start());
      }
      Path knownHosts =
          Files.write(
              work.resolve("known_hosts"), hosts.stream().map(SshdHost::knownHostsLine).toList());
      redis = RedisServer.start(work.resolve("redis.log"), bind);
      return new ServicesFleet(work, key, knownHosts, namespaces, hosts, redis);
    } catch (Exception | Error e) {
      new ServicesFleet(work, null, null, namespaces, hosts, redis).close(null);
      throw e;
    }
  }

  Path work() {
    return work;
  }

  int size() {
    return hosts.size();
  }

  HostAddress address(int host) {
    return hosts.get(host).address();
  }

  String innerAddress(int host) {
    return namespaces.get(host).innerAddress();
  }

  Path privateKey() {
    return privateKey;
  }

  Path knownHosts() {
    return knownHosts;
  }

  /** The deploy folder {@code name} under the mount point of one host, as the test sees it. */
  Path deployDir(int host, String name) {
    return hosts.get(host).hostDir().resolve(name);
  }

  /** The broker as a host reaches it, from inside its namespace. */
  String brokerUrl(int host) {
    return redis.url(namespaces.get(host).outerAddress());
  }

  /** The broker as this machine reaches it. */
  String brokerUrlHere() {
    return redis.url();
  }

  /** One GET of {@code /} on a host's port; the body, or an AssertionError on another status. */
  String get(int host, int port) throws Exception {
    URI uri = URI.create("http://" + innerAddress(host) + ":" + port + "/");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** The gunicorn processes (masters and workers) under a host's supervisord of one deploy. */
  List<Long> gunicornPids(int host, String deployName) throws IOException {
    long supervisord = supervisordPid(host, deployName);
    if (supervisord == 0) {
      return List.of();
    }
    List<Long> pids =
        ProcessHandle.of(supervisord).stream()
            .flatMap(ProcessHandle::descendants)
            .filter(p -> p.info().commandLine().orElse("").contains("gunicorn"))
            .map(ProcessHandle::pid)
            .sorted()
            .toList();
    synchronized (seen) {
      seen.addAll(pids);
    }
    return pids;
  }

  /** Runs {@code /usr/bin/python3 script args…} in {@code dir} with BROKER_URL; its stdout. */
  String python(Path dir, String broker, String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("BROKER_URL", broker);
    builder.environment().remove("CAPSTAN_DEPLOY_PATH");
    // Not a __pycache__ in the repository the test commits from.
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + err.get());
    }
    return out.strip();
  }

  private long supervisordPid(int host, String deployName) throws IOException {
    return SupervisordTeardown.pid(
        deployDir(host, deployName).resolve(".capstan/supervisor/supervisord.pid"));
  }

  /** Stops each host's supervisord of {@code deployName} and what it ran, sshd, redis, netns. */
  void close(String deployName) throws Exception {
    try {
      for (int i = 0; deployName != null && i < hosts.size(); i++) {
        stopSupervisord(i, deployName);
      }
    } finally {
      hosts.forEach(SshdHost::close);
      if (redis != null) {
        redis.close();
      }
      namespaces.forEach(NetworkNamespace::close);
      deleteTree(work);
    }
  }

  private void stopSupervisord(int host, String deployName) throws Exception {
    Path pidFile = deployDir(host, deployName).resolve(".capstan/supervisor/supervisord.pid");
    List<Long> seenNow;
    synchronized (seen) {
      seenNow = List.copyOf(seen);
    }
    SupervisordTeardown.stop(
        SupervisordTeardown.pid(pidFile), () -> Processes.stopByPidFile(pidFile), seenNow);
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
