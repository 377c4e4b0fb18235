package dev.capstan.kube;

import static dev.capstan.kube.KubeTestBed.CONVERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.DefaultHostConnector;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.kube.crd.EnvironmentResourceStatus.Phase;
import dev.capstan.testing.CountingConnector;
import dev.capstan.testing.Eventually;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controller replicas against one API server (fabric8's mock) with a 2 s Lease: only the leader
 * touches hosts and is ready; when it stops, or loses the API server as if it had died, the other
 * takes over and converges.
 */
class LeaderElectionTest {

  private static final String APP = "ha";
  private static final String ENV = "ha-production";
  private static final Duration LEASE = Duration.ofSeconds(2);

  @TempDir Path work;
  private KubeTestBed bed;
  private KubernetesRuntime first;
  private KubernetesRuntime second;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    for (KubernetesRuntime runtime : new KubernetesRuntime[] {first, second}) {
      if (runtime != null) {
        runtime.close();
      }
    }
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOverWhenItStops() throws Exception {
    Replicas replicas = startBoth();
    String commit1 = deployFirstCommit();
    replicas.assertOnlyLeaderWorked();

    long stopped = System.nanoTime();
    replicas.leader.close();
    Eventually.await(
        LEASE.multipliedBy(3), "the follower takes over", replicas.follower::reconciling);
    System.out.printf(
        "measured: leader stopped -> follower leads %d ms (Lease %s)%n",
        (System.nanoTime() - stopped) / 1_000_000, LEASE);
    convergesUnder(replicas.follower, replicas.followerHosts, commit1);
  }

  @Test
  void whenTheLeaderLosesTheApiServerTheOtherTakesOverAfterTheLease() throws Exception {
    Replicas replicas = startBoth();
    String commit1 = deployFirstCommit();
    replicas.assertOnlyLeaderWorked();

    long cutOff = System.nanoTime();
    replicas.leaderClient.close(); // it can neither renew nor release the Lease: as if it died
    Eventually.await(
        LEASE.multipliedBy(3),
        "the follower takes over once the Lease expires",
        replicas.follower::reconciling);
    System.out.printf(
        "measured: leader cut off -> follower leads %d ms (Lease %s)%n",
        (System.nanoTime() - cutOff) / 1_000_000, LEASE);
    Eventually.await(
        LEASE.multipliedBy(3),
        "the cut-off leader stepped down",
        () -> !replicas.leader.reconciling());
    convergesUnder(replicas.follower, replicas.followerHosts, commit1);
  }

  /** Two replicas, the leader known, each with its own client and host counter. */
  private final class Replicas {
    KubernetesRuntime leader;
    KubernetesRuntime follower;
    KubernetesClient leaderClient;
    CountingConnector leaderHosts;
    CountingConnector followerHosts;

    void assertOnlyLeaderWorked() throws Exception {
      assertTrue(leaderHosts.connections() > 0, "the leader deployed");
      assertEquals(0, followerHosts.connections(), "the follower never touched a host");
      assertEquals(200, readyz(leader).statusCode());
      // The follower learns who leads at its next try for the Lease.
      Eventually.await(
          LEASE,
          "the follower is not ready and names the leader",
          () -> {
            HttpResponse<String> notReady = readyz(follower);
            return notReady.statusCode() == 503
                && notReady.body().contains("not the leader: " + leader.identity() + " leads");
          });
    }
  }

  private Replicas startBoth() throws Exception {
    bed = new KubeTestBed(work, "/srv/capstan-kube-ha");
    bed.prepareShared(APP);
    CountingConnector firstHosts = new CountingConnector(new DefaultHostConnector());
    CountingConnector secondHosts = new CountingConnector(new DefaultHostConnector());
    KubernetesClient firstClient = bed.server.createClient();
    KubernetesClient secondClient = bed.server.createClient();
    first = bed.start("replica-a", true, firstHosts, firstClient);
    second = bed.start("replica-b", true, secondHosts, secondClient);
    Eventually.await(
        LEASE.multipliedBy(3),
        "a leader is elected",
        () -> first.reconciling() || second.reconciling());
    assertTrue(first.reconciling() ^ second.reconciling(), "exactly one replica reconciles");
    Replicas replicas = new Replicas();
    boolean firstLeads = first.reconciling();
    replicas.leader = firstLeads ? first : second;
    replicas.follower = firstLeads ? second : first;
    replicas.leaderClient = firstLeads ? firstClient : secondClient;
    replicas.leaderHosts = firstLeads ? firstHosts : secondHosts;
    replicas.followerHosts = firstLeads ? secondHosts : firstHosts;
    return replicas;
  }

  private String deployFirstCommit() throws Exception {
    String commit1 = bed.commitApp("v1", KubeTestBed.HEALTHY);
    bed.createSshSecret("deploy-key");
    bed.apply(bed.applicationYaml(APP, bed.mount + "/" + APP));
    bed.apply(bed.environmentYaml(ENV, APP, commit1, "deploy-key"));
    awaitReady(commit1);
    return commit1;
  }

  /** The new leader rolls out a new revision from what it observes, and is ready. */
  private void convergesUnder(KubernetesRuntime leader, CountingConnector hosts, String before)
      throws Exception {
    assertEquals(before, bed.status(ENV).commit(), "status kept across the change of leader");
    String commit2 = bed.commitApp("v2", KubeTestBed.HEALTHY);
    bed.patchSpec(ENV, "{\"revision\": \"" + commit2 + "\"}");
    awaitReady(commit2);
    assertTrue(hosts.connections() > 0, "the new leader deployed");
    assertEquals(commit2, bed.liveCommit(0, APP));
    assertEquals(commit2, bed.liveCommit(1, APP));
    assertEquals(200, readyz(leader).statusCode());
  }

  private HttpResponse<String> readyz(KubernetesRuntime runtime) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + "/readyz"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitReady(String commit) {
    Eventually.await(
        CONVERGE,
        "Ready with every host on " + commit,
        () -> {
          EnvironmentResourceStatus status = bed.status(ENV);
          return status != null
              && commit.equals(status.commit())
              && status.phase() == Phase.Ready
              && "2/2".equals(status.readyHosts());
        });
  }
}
