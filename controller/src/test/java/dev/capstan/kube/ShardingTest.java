package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.kube.TimedConnector.Command;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.kube.crd.EnvironmentResourceStatus.Phase;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.GitRepo;
import dev.capstan.testing.SshdHosts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's "beyond one controller": three Kubernetes-mode replicas against fabric8's mock API
 * server share 8 shards of five Environments on four real OpenSSH hosts (two Environments on one
 * host, so one host group). Every Environment is reconciled by exactly one replica, the one its
 * status names; when a replica stops its Environments move to the others within the Lease; each
 * replica's /status shows its shards' Environments; a push sent to one replica moves the
 * Environments of all; and on no host do two replicas' commands ever overlap in time.
 */
class ShardingTest {

  private static final String NAMESPACE = KubeTestBed.NAMESPACE;
  private static final String MOUNT = "/srv/capstan-kube-shards";
  private static final Duration LEASE = Duration.ofSeconds(2); // KubeTestBed.config's
  private static final int SHARDS = 8;
  private static final List<String> REPLICAS = List.of("replica-a", "replica-b", "replica-c");

  /** Environment i deploys application i to host HOST_OF[i]: 0 and 4 share host 0. */
  private static final int[] HOST_OF = {0, 1, 2, 3, 0};

  @TempDir Path work;
  private KubeTestBed bed;
  private KubernetesClient client;
  private SshdHosts hosts;
  private GitRepo repo;
  private final Map<String, KubernetesRuntime> runtimes = new LinkedHashMap<>();
  private final List<Command> log = TimedConnector.newLog();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    runtimes.values().forEach(KubernetesRuntime::close);
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void replicasSplitTheEnvironmentsAndTakeOverFromOneThatStops() throws Exception {
    bed = new KubeTestBed(work, MOUNT, 4);
    client = bed.client;
    hosts = bed.hosts;
    repo = bed.repo;
    for (String replica : REPLICAS) {
      runtimes.put(replica, start(replica));
    }
    awaitSplitAmong(REPLICAS);

    String commit1 = bed.commitApp("v1", KubeTestBed.HEALTHY);
    bed.createSshSecret("deploy-key");
    for (int i = 0; i < HOST_OF.length; i++) {
      prepareShared(i);
      bed.apply(bed.applicationYaml("app-" + i, MOUNT + "/app-" + i, "1h"));
      bed.apply(environmentYaml(i));
    }
    awaitAllReady(commit1);
    Map<String, String> owners = assertEachHostHasOneReplica(0);
    assertEquals(
        owners.get(host(0)), ownerInStatus(4), "one host group, one replica: env-0 and env-4");

    // The replica that deployed the most hosts stops; the others take its Environments over.
    String stopping =
        owners.values().stream()
            .collect(Collectors.groupingBy(r -> r, Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    long stopped = System.nanoTime();
    runtimes.remove(stopping).close();
    List<String> rest = new ArrayList<>(REPLICAS);
    rest.remove(stopping);
    awaitSplitAmong(rest);
    long movedMs = (System.nanoTime() - stopped) / 1_000_000;
    System.out.printf(
        "measured: %s stopped -> its shards held by the others %d ms%n", stopping, movedMs);
    assertTrue(movedMs < LEASE.toMillis(), "moved within the Lease, took " + movedMs + " ms");

    // Each replica's /status shows the Environments of every shard it holds, no others (once the
    // new owners have written their names into the statuses the stopped one wrote, and a shard
    // Controller that has just started has recorded its first pass).
    awaitAllReady(commit1);
    Map<String, String> ownerOf = new LinkedHashMap<>();
    Map<String, Set<String>> shown = new LinkedHashMap<>();
    Eventually.await(
        KubeTestBed.CONVERGE,
        "each replica's /status lists exactly the Environments its status names it the owner of",
        () -> {
          ownerOf.clear();
          shown.clear();
          for (int i = 0; i < HOST_OF.length; i++) {
            ownerOf.put(NAMESPACE + "/env-" + i, ownerInStatus(i));
          }
          for (String replica : rest) {
            shown.put(replica, statusNames(replica));
          }
          return rest.stream().allMatch(r -> shown.get(r).equals(ownedBy(ownerOf, r)));
        });
    assertEquals(
        ownerOf.keySet(),
        shown.values().stream().flatMap(Set::stream).collect(Collectors.toSet()),
        "every Environment is on one replica's /status");

    // A push reaches one replica, the one that reconciles the fewest; the Environments follow
    // main with an hour between polls, so only the push (relayed to the others) moves them.
    String receiver =
        rest.stream()
            .min(
                java.util.Comparator.comparingLong(
                    r -> ownerOf.values().stream().filter(r::equals).count()))
            .orElseThrow();
    assertTrue(
        ownerOf.values().stream().anyMatch(r -> !r.equals(receiver)),
        "another replica reconciles some Environment, so the push has to be relayed");
    long second = System.nanoTime();
    String commit2 = bed.commitApp("v2", KubeTestBed.HEALTHY);
    postPush(receiver);
    awaitAllReady(commit2);
    System.out.printf(
        "measured: push to %s -> every Environment on the new commit %d ms%n",
        receiver, (System.nanoTime() - second) / 1_000_000);
    Map<String, String> after = assertEachHostHasOneReplica(second);
    assertFalse(after.containsValue(stopping), "the stopped replica touched no host after");
    for (int i = 0; i < HOST_OF.length; i++) {
      assertEquals(
          after.get(host(HOST_OF[i])), ownerInStatus(i), "status names env-" + i + "'s owner");
    }
    assertNoHostSawTwoReplicasAtOnce();
  }

  /** Each live replica holds exactly the shards the planner assigns it, and every shard is held. */
  private void awaitSplitAmong(List<String> live) {
    Eventually.await(
        LEASE.multipliedBy(4),
        "the " + SHARDS + " shards split among " + live,
        () -> {
          Set<Integer> all = new HashSet<>();
          for (String replica : live) {
            SortedSet<Integer> expected =
                ShardPlanner.plan(replica, live, SHARDS, Map.of(), java.time.Instant.now()).hold();
            SortedSet<Integer> owned = runtimes.get(replica).shards();
            if (!owned.equals(expected)) {
              return false;
            }
            all.addAll(owned);
          }
          return all.size() == SHARDS;
        });
  }

  /** Per host, the one replica whose commands reached it since {@code since}. */
  private Map<String, String> assertEachHostHasOneReplica(long since) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (int h = 0; h < hosts.size(); h++) {
      String host = host(h);
      Set<String> replicas =
          log.stream()
              .filter(c -> c.host().equals(host) && c.start() >= since)
              .map(Command::replica)
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(1, replicas.size(), host + " was reached by exactly one replica: " + replicas);
      owners.put(host, replicas.iterator().next());
    }
    return owners;
  }

  private void assertNoHostSawTwoReplicasAtOnce() {
    List<Command> commands = List.copyOf(log);
    int checked = 0;
    for (Command a : commands) {
      for (Command b : commands) {
        if (a.host().equals(b.host()) && !a.replica().equals(b.replica())) {
          checked++;
          assertFalse(a.overlaps(b), "two replicas on " + a.host() + " at once: " + a + ", " + b);
        }
      }
    }
    assertTrue(checked > 0, "some host changed replica, so the check compared something");
  }

  private String ownerInStatus(int environment) {
    EnvironmentResourceStatus status = status(environment);
    assertNotNull(status.shard(), "env-" + environment + " shows its shard");
    String[] parts = status.shard().split(" ");
    int shard = Integer.parseInt(parts[0].split("/")[0]);
    assertEquals(SHARDS + "", parts[0].split("/")[1]);
    assertEquals(
        ShardPlanner.shardOf(List.of(hosts.address(HOST_OF[environment]).toString()), SHARDS),
        shard,
        "env-" + environment + " is in its host group's shard");
    return parts[1];
  }

  private void awaitAllReady(String commit) {
    Eventually.await(
        KubeTestBed.CONVERGE,
        "every Environment Ready on " + commit,
        () -> {
          for (int i = 0; i < HOST_OF.length; i++) {
            EnvironmentResourceStatus status = status(i);
            if (status == null
                || !commit.equals(status.commit())
                || status.phase() != Phase.Ready
                || status.shard() == null
                || !runtimes.containsKey(status.shard().split(" ")[1])) {
              return false;
            }
          }
          return true;
        });
  }

  private KubernetesRuntime start(String identity) throws Exception {
    KubernetesRuntime.Config config =
        KubeTestBed.config(
            work,
            identity,
            true,
            new TimedConnector(new DefaultHostConnector(), identity, log),
            SHARDS);
    return KubernetesRuntime.start(config, bed.server.createClient());
  }

  private String host(int index) {
    return hosts.address(index).toString();
  }

  private void prepareShared(int environment) throws Exception {
    Path dir = hosts.host(HOST_OF[environment]).hostDir().resolve("app-" + environment);
    Files.createDirectories(dir.resolve("shared"));
    Files.writeString(dir.resolve("shared/.env"), "APP=" + environment + "\n");
  }

  private String environmentYaml(int i) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: env-" + i + ", namespace: " + NAMESPACE + "}",
        "spec:",
        "  application: app-" + i,
        "  revision: main",
        "  hosts: [\"" + hosts.address(HOST_OF[i]) + "\"]",
        "  ssh:",
        "    privateKey: {secretRef: {name: deploy-key, key: id_ed25519}}",
        "    knownHosts: {secretRef: {name: deploy-key, key: known_hosts}}",
        "  driftInterval: 1s",
        "");
  }

  private static Set<String> ownedBy(Map<String, String> ownerOf, String replica) {
    return ownerOf.entrySet().stream()
        .filter(e -> e.getValue().equals(replica))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The names in a replica's {@code /status}. */
  private Set<String> statusNames(String replica) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(url(replica, "/status")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    Set<String> names = new TreeSet<>();
    for (var status : new ObjectMapper().readTree(response.body()).get("environments")) {
      names.add(status.get("name").asText());
    }
    return names;
  }

  /** An empty push notification ("every repository moved"), as a Git host's webhook sends. */
  private void postPush(String replica) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(url(replica, "/hooks/git"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, response.statusCode(), response.body());
  }

  private URI url(String replica, String path) {
    return URI.create("http://127.0.0.1:" + runtimes.get(replica).port() + path);
  }

  private EnvironmentResourceStatus status(int i) {
    EnvironmentResource resource =
        client
            .resources(EnvironmentResource.class)
            .inNamespace(NAMESPACE)
            .withName("env-" + i)
            .get();
    return resource == null ? null : resource.getStatus();
  }
}
