package dev.capstan.kube;

import static dev.capstan.kube.KubeTestBed.CONVERGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.kube.crd.EnvironmentResourceStatus;
import dev.capstan.kube.crd.EnvironmentResourceStatus.Phase;
import dev.capstan.kube.crd.HostEntry;
import dev.capstan.reconcile.HostState;
import dev.capstan.testing.Eventually;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mode end to end: resources applied through the client of fabric8's mock API server
 * (CRUD mode, CRDs registered) are rolled out by an in-process controller to two real OpenSSH
 * hosts, with SSH key and known_hosts from a Secret; status and Events come back on the
 * Environment. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class KubernetesModeTest {

  private static final String APP = "tiny";
  private static final String ENV = "tiny-production";

  @TempDir static Path work;
  private KubeTestBed bed;
  private KubernetesRuntime runtime;
  private String commit1;

  @BeforeAll
  void start() throws Exception {
    bed = new KubeTestBed(work, "/srv/capstan-kube");
    bed.prepareShared(APP);
    commit1 = bed.commitApp("v1", KubeTestBed.HEALTHY);
    runtime = bed.start("solo");
  }

  @AfterAll
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  @Order(1)
  void appliedResourcesAreDeployedAndReportedInStatus() throws Exception {
    bed.createSshSecret("deploy-key");
    bed.apply(bed.applicationYaml(APP, bed.mount + "/" + APP));
    bed.apply(bed.environmentYaml(ENV, APP, commit1, "deploy-key"));

    awaitReady(commit1);
    EnvironmentResource resource = bed.environment(ENV);
    EnvironmentResourceStatus status = resource.getStatus();
    assertEquals(commit1, status.commit());
    assertEquals("2/2", status.readyHosts());
    assertEquals(Phase.Ready, status.phase());
    assertNotNull(resource.getMetadata().getGeneration(), "the API server sets a generation");
    assertEquals(resource.getMetadata().getGeneration(), status.observedGeneration());
    for (HostEntry host : status.hosts()) {
      assertEquals(HostState.Ready, host.state(), host.toString());
      assertEquals(commit1, host.commit());
    }
    for (int i = 0; i < 2; i++) {
      assertEquals(commit1, bed.liveCommit(i, APP), "host " + i);
    }
    Eventually.await(
        CONVERGE,
        "Events BuildStarted and Deployed on the Environment",
        () ->
            bed.hasEvent(ENV, "BuildStarted", "building release")
                && bed.hasEvent(ENV, "Deployed", commit1));
    System.out.println(
        "kubectl get cenv (rendered from this status):\n"
            + PrinterColumns.table(bed.environment(ENV))
            + "status:\n"
            + new KubernetesSerialization().asYaml(bed.environment(ENV).getStatus()));
  }

  @Test
  @Order(2)
  void patchingTheRevisionRedeploysThroughProgressingToReady() throws Exception {
    String commit2 = bed.commitApp("v2", KubeTestBed.HEALTHY);
    long generation = bed.environment(ENV).getMetadata().getGeneration();
    bed.patchSpec(ENV, "{\"revision\": \"" + commit2 + "\"}");
    Eventually.await(
        CONVERGE,
        "status says Progressing with the new revision",
        () -> {
          EnvironmentResourceStatus status = bed.status(ENV);
          return status.revision().equals(commit2)
              && condition(status, "Progressing")
                  .map(c -> c.status() == ConditionEntry.Status.True)
                  .orElse(false);
        });
    awaitReady(commit2);
    EnvironmentResource resource = bed.environment(ENV);
    assertTrue(resource.getMetadata().getGeneration() > generation, "the spec change bumped it");
    assertEquals(resource.getMetadata().getGeneration(), resource.getStatus().observedGeneration());
    assertEquals(commit2, bed.liveCommit(0, APP));
    assertEquals(commit2, bed.liveCommit(1, APP));
  }

  @Test
  @Order(3)
  void aFailingHealthCheckIsRolledBackAndReportedDegraded() throws Exception {
    String good = bed.liveCommit(0, APP);
    String bad = bed.commitApp("v3", "exit 1\n");
    bed.patchSpec(ENV, "{\"revision\": \"" + bad + "\"}");
    Eventually.await(
        CONVERGE,
        "Degraded=True, reason RolledBack",
        () ->
            condition(bed.status(ENV), "Degraded")
                .map(
                    c ->
                        c.status() == ConditionEntry.Status.True && c.reason().equals("RolledBack"))
                .orElse(false));
    EnvironmentResourceStatus status = bed.status(ENV);
    assertEquals(Phase.Degraded, status.phase());
    assertEquals(good, bed.liveCommit(0, APP), "the previous release is live again");
    assertEquals(good, status.commit(), "commit is what is live");
    assertEquals(bad, status.failedCommit());
    HostEntry first = status.hosts().get(0);
    // The same (state, reason, message) apply, status and /status print (FailureMessagesTest).
    assertEquals(HostState.RolledBack, first.state());
    assertEquals("RolledBack", first.reason());
    assertEquals(
        "commit "
            + bad.substring(0, 7)
            + ": health check `sh health.sh` exited with status 1; rolled back to "
            + first.release(),
        first.message());
    Eventually.await(
        CONVERGE, "a RolledBack Event", () -> bed.hasEvent(ENV, "RolledBack", "health check"));

    bed.patchSpec(ENV, "{\"revision\": \"" + good + "\"}");
    awaitReady(good);
  }

  @Test
  @Order(4)
  void handMadeDriftIsCorrectedAndReported() throws Exception {
    Files.delete(bed.deployDir(0, APP).resolve("current"));
    Eventually.await(
        CONVERGE,
        "host 0 drift corrected in status",
        () -> {
          HostEntry host = bed.status(ENV).hosts().get(0);
          return host.driftCorrections() != null
              && host.driftCorrections() >= 1
              && host.lastDriftReason().contains("current was missing")
              && host.state() == HostState.Ready;
        });
    assertTrue(Files.isSymbolicLink(bed.deployDir(0, APP).resolve("current")));
    Eventually.await(
        CONVERGE,
        "a DriftCorrected Event",
        () -> bed.hasEvent(ENV, "DriftCorrected", "current was missing"));
  }

  @Test
  @Order(5)
  void aSpecTheSchemaLetsThroughButValidateRefusesIsReportedWithValidatesMessage()
      throws Exception {
    String live = bed.liveCommit(0, APP);
    // The schema's pattern allows ".." segments; the loader does not.
    bed.apply(bed.applicationYaml("broken", "/srv/capstan-kube/../etc"));
    bed.apply(bed.environmentYaml("broken-staging", "broken", live, "deploy-key"));
    String expected =
        ValidateOutput.messageOf(
            work, bed.applicationYaml("broken", "/srv/capstan-kube/../etc"), "spec.deployPath");
    Eventually.await(
        CONVERGE,
        "Ready=False, reason InvalidSpec, with validate's message",
        () ->
            Optional.ofNullable(bed.status("broken-staging"))
                .flatMap(s -> condition(s, "Ready"))
                .map(c -> c.reason().equals("InvalidSpec") && c.message().contains(expected))
                .orElse(false));
    EnvironmentResourceStatus status = bed.status("broken-staging");
    assertEquals(Phase.Invalid, status.phase());
    assertTrue(status.configurationError().contains(expected), status.configurationError());
    assertEquals(
        bed.environment("broken-staging").getMetadata().getGeneration(),
        status.observedGeneration());
  }

  @Test
  @Order(6)
  void aMissingSecretIsNamedInStatusAndCreatingItConverges() throws Exception {
    bed.prepareShared("late");
    bed.apply(bed.applicationYaml("late", bed.mount + "/late"));
    bed.apply(bed.environmentYaml("late-production", "late", commit1, "late-key"));
    Eventually.await(
        CONVERGE,
        "Ready=False naming the missing Secret",
        () ->
            Optional.ofNullable(bed.status("late-production"))
                .flatMap(s -> condition(s, "Ready"))
                .map(
                    c ->
                        c.status() == ConditionEntry.Status.False
                            && c.message().contains("Secret \"late-key\" not found"))
                .orElse(false));
    Eventually.await(
        CONVERGE,
        "Progressing=False, reason SecretMissing: nothing progresses" + " until the Secret exists",
        () ->
            Optional.ofNullable(bed.status("late-production"))
                .flatMap(s -> condition(s, "Progressing"))
                .map(
                    c ->
                        c.status() == ConditionEntry.Status.False
                            && c.reason().equals(StalledSecrets.REASON)
                            && c.message().contains("Secret \"late-key\" not found"))
                .orElse(false));
    bed.createSshSecret("late-key");
    Eventually.await(
        CONVERGE,
        "Ready once the Secret exists",
        () ->
            Optional.ofNullable(bed.status("late-production"))
                    .map(EnvironmentResourceStatus::phase)
                    .orElse(null)
                == Phase.Ready);
    assertEquals(commit1, bed.liveCommit(0, "late"));
  }

  private void awaitReady(String commit) {
    Eventually.await(
        CONVERGE,
        "Ready=True with every host on " + commit,
        () -> {
          EnvironmentResourceStatus status = bed.status(ENV);
          return status != null
              && commit.equals(status.commit())
              && status.phase() == Phase.Ready
              && "2/2".equals(status.readyHosts())
              && condition(status, "Ready")
                  .map(c -> c.status() == ConditionEntry.Status.True)
                  .orElse(false);
        });
  }

  static Optional<ConditionEntry> condition(EnvironmentResourceStatus status, String type) {
    return status == null || status.conditions() == null
        ? Optional.empty()
        : status.conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
