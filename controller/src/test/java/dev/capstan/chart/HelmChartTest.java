package dev.capstan.chart;

import static dev.capstan.chart.RenderedChart.RELEASE_NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Lints and renders charts/capstan with Helm (as a library) and checks what it would install:
 * least-privilege RBAC for every way of watching namespaces, a locked-down Deployment, and
 * arguments that match the values.
 */
class HelmChartTest {

  private static final String SERVICE_ACCOUNT = "capstan";
  private static final String LEASE = "capstan-controller";

  @Test
  void lintsWithoutWarnings() {
    LintResult lint = new Helm(RenderedChart.chartDir()).lint().strict().call();

    // The one INFO Helm always gives: we have no icon to point at. Anything else, even INFO,
    // is a finding to fix.
    List<String> findings =
        lint.getMessages().stream()
            .filter(m -> !m.equals("[INFO] Chart.yaml: icon is recommended"))
            .toList();
    assertEquals(List.of(), findings);
    assertFalse(lint.isFailed(), "helm lint --strict failed: " + lint.getMessages());
  }

  @Test
  void byDefaultGrantsReconcileRulesAndTheLeaseInTheReleaseNamespaceOnly() {
    RenderedChart chart = RenderedChart.render("");

    Set<Grant> expected = new HashSet<>(Grant.reconcile(RELEASE_NAMESPACE));
    expected.addAll(Grant.leaderElection(RELEASE_NAMESPACE, LEASE));
    assertGrants(expected, permissions(chart));
    assertEquals(List.of(), chart.ofKind("ClusterRole"));
    assertEquals(List.of(), chart.ofKind("ClusterRoleBinding"));
    assertEquals(List.of(), ServiceAccountPermissions.unboundRoles(chart));
    assertEquals(
        List.of(
            "run",
            "--kubernetes",
            "--namespace=" + RELEASE_NAMESPACE,
            "--leader-elect=true",
            "--lease-name=" + LEASE,
            "--lease-namespace=" + RELEASE_NAMESPACE,
            "--listen=0.0.0.0:9321",
            "--cache-dir=/var/cache/capstan",
            "--workers=4"),
        chart.args());
  }

  @Test
  void watchingTwoNamespacesGrantsInThoseAndKeepsTheLeaseInTheReleaseNamespace() {
    RenderedChart chart = RenderedChart.render("watch: {namespaces: [team-a, team-b]}\n");

    Set<Grant> expected = new HashSet<>(Grant.reconcile("team-a"));
    expected.addAll(Grant.reconcile("team-b"));
    expected.addAll(Grant.leaderElection(RELEASE_NAMESPACE, LEASE));
    assertGrants(expected, permissions(chart));
    assertEquals(List.of(), chart.ofKind("ClusterRole"));
    assertEquals(List.of(), ServiceAccountPermissions.unboundRoles(chart));
    List<String> args = chart.args();
    assertEquals(
        List.of("--namespace=team-a", "--namespace=team-b"),
        args.stream().filter(a -> a.startsWith("--namespace")).toList());
    assertFalse(args.contains("--all-namespaces"), args.toString());
  }

  @Test
  void watchingAllNamespacesGrantsTheSameRulesClusterWideAndTheLeaseStaysNamespaced() {
    RenderedChart chart = RenderedChart.render("watch: {allNamespaces: true}\n");

    Set<Grant> expected = new HashSet<>(Grant.reconcile(Grant.CLUSTER));
    expected.addAll(Grant.leaderElection(RELEASE_NAMESPACE, LEASE));
    assertGrants(expected, permissions(chart));
    assertEquals(1, chart.ofKind("ClusterRole").size());
    assertEquals(List.of(), ServiceAccountPermissions.unboundRoles(chart));
    List<String> args = chart.args();
    assertTrue(args.contains("--all-namespaces"), args.toString());
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--namespace")), args.toString());
  }

  @Test
  void withoutLeaderElectionGrantsNoLeaseAndSaysSo() {
    RenderedChart chart = RenderedChart.render("leaderElection: {enabled: false}\n");

    assertGrants(Grant.reconcile(RELEASE_NAMESPACE), permissions(chart));
    List<String> args = chart.args();
    assertTrue(args.contains("--leader-elect=false"), args.toString());
    assertTrue(args.stream().noneMatch(a -> a.startsWith("--lease-")), args.toString());
  }

  @Test
  void aNamedLeaseIsTheOneRbacAllowsAndTheOneTheControllerUses() {
    RenderedChart chart = RenderedChart.render("leaderElection: {leaseName: capstan-blue}\n");

    Set<Grant> expected = new HashSet<>(Grant.reconcile(RELEASE_NAMESPACE));
    expected.addAll(Grant.leaderElection(RELEASE_NAMESPACE, "capstan-blue"));
    assertGrants(expected, permissions(chart));
    assertTrue(chart.args().contains("--lease-name=capstan-blue"), chart.args().toString());
  }

  @Test
  void shardingPassesTheCountAndGrantsOnlyLeasesInTheReleaseNamespace() {
    RenderedChart chart = RenderedChart.render("replicas: 3\nleaderElection: {shards: 16}\n");

    Set<Grant> expected = new HashSet<>(Grant.reconcile(RELEASE_NAMESPACE));
    expected.addAll(Grant.leaderElection(RELEASE_NAMESPACE, "capstan-controller"));
    for (String verb : List.of("get", "list", "update", "delete")) {
      expected.add(new Grant(RELEASE_NAMESPACE, "coordination.k8s.io", "leases", verb, null));
    }
    assertGrants(expected, permissions(chart));
    assertTrue(chart.args().contains("--shards=16"), chart.args().toString());
    assertTrue(
        RenderedChart.render("").args().stream().noneMatch(a -> a.startsWith("--shards")),
        "no --shards by default");
  }

  @Test
  void refusesSettingsThatCannotWorkTogether() {
    Exception replicas =
        assertThrows(
            IllegalStateException.class,
            () -> RenderedChart.render("replicas: 2\nleaderElection: {enabled: false}\n"));
    assertTrue(
        replicas.getMessage().contains("replicas > 1 needs leaderElection.enabled=true"),
        replicas.getMessage());

    Exception shards =
        assertThrows(
            IllegalStateException.class,
            () -> RenderedChart.render("leaderElection: {enabled: false, shards: 4}\n"));
    assertTrue(
        shards.getMessage().contains("leaderElection.shards needs leaderElection.enabled=true"),
        shards.getMessage());

    Exception both =
        assertThrows(
            IllegalStateException.class,
            () -> RenderedChart.render("watch: {allNamespaces: true, namespaces: [team-a]}\n"));
    assertTrue(
        both.getMessage().contains("watch.allNamespaces=true or watch.namespaces"),
        both.getMessage());
  }

  @Test
  void runsAsNonRootWithAReadOnlyRootAndNoPrivileges() {
    RenderedChart chart = RenderedChart.render("");
    JsonNode pod = chart.single("Deployment").path("spec").path("template").path("spec");
    JsonNode podSecurity = pod.path("securityContext");
    JsonNode security = chart.container().path("securityContext");

    assertTrue(podSecurity.path("runAsNonRoot").asBoolean(), podSecurity.toString());
    assertTrue(podSecurity.path("runAsUser").asInt() > 0, podSecurity.toString());
    assertEquals("RuntimeDefault", podSecurity.path("seccompProfile").path("type").asText());
    assertTrue(security.path("runAsNonRoot").asBoolean(), security.toString());
    assertTrue(security.path("runAsUser").asInt() > 0, security.toString());
    assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), security.toString());
    assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), security.toString());
    assertFalse(security.path("privileged").asBoolean(false), security.toString());
    assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString());
    assertTrue(security.path("capabilities").path("add").isMissingNode(), security.toString());
    assertEquals("RuntimeDefault", security.path("seccompProfile").path("type").asText());
    assertEquals(SERVICE_ACCOUNT, pod.path("serviceAccountName").asText());
    assertEquals(
        SERVICE_ACCOUNT, chart.single("ServiceAccount").path("metadata").path("name").asText());
  }

  @Test
  void everyWritablePathIsAnEmptyDirAndHomeIsOneOfThem() {
    RenderedChart chart = RenderedChart.render("");
    JsonNode pod = chart.single("Deployment").path("spec").path("template").path("spec");
    JsonNode container = chart.container();

    String cacheDir = argValue(chart.args(), "--cache-dir=");
    Set<String> emptyDirMounts = new HashSet<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      for (JsonNode volume : pod.path("volumes")) {
        if (volume.path("name").equals(mount.path("name")) && volume.has("emptyDir")) {
          emptyDirMounts.add(mount.path("mountPath").asText());
        }
      }
    }
    assertEquals(Set.of("/tmp", cacheDir), emptyDirMounts);
    assertEquals("/tmp", env(container, "HOME").path("value").asText());
    assertTrue(
        env(container, "JDK_JAVA_OPTIONS").path("value").asText().contains("-Duser.home=/tmp"),
        container.path("env").toString());
    assertEquals(
        "metadata.namespace",
        env(container, "POD_NAMESPACE")
            .path("valueFrom")
            .path("fieldRef")
            .path("fieldPath")
            .asText());
  }

  @Test
  void probesAndTheMetricsServiceReachTheListenPort() {
    RenderedChart chart = RenderedChart.render("");
    JsonNode container = chart.container();

    String listen = argValue(chart.args(), "--listen=");
    JsonNode port = container.path("ports").get(0);
    assertEquals(1, container.path("ports").size());
    assertEquals("0.0.0.0:" + port.path("containerPort").asInt(), listen);
    String portName = port.path("name").asText();
    assertProbe(container, "livenessProbe", "/healthz", portName);
    assertProbe(container, "startupProbe", "/healthz", portName);
    assertProbe(container, "readinessProbe", "/readyz", portName);

    JsonNode service = chart.single("Service").path("spec");
    assertEquals(portName, service.path("ports").get(0).path("targetPort").asText());
    JsonNode podLabels =
        chart.single("Deployment").path("spec").path("template").path("metadata").path("labels");
    service
        .path("selector")
        .fields()
        .forEachRemaining(
            label ->
                assertEquals(
                    label.getValue(), podLabels.path(label.getKey()), "selector " + label));
  }

  @Test
  void requestsAndLimitsResources() {
    JsonNode resources = RenderedChart.render("").container().path("resources");

    for (String kind : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        assertFalse(
            resources.path(kind).path(resource).asText().isEmpty(),
            kind + "." + resource + " missing in " + resources);
      }
    }
  }

  @Test
  void anExistingServiceAccountIsBoundInsteadOfCreatingOne() {
    RenderedChart chart =
        RenderedChart.render("serviceAccount: {create: false, name: platform-deployer}\n");

    assertEquals(List.of(), chart.ofKind("ServiceAccount"));
    Set<Grant> expected = new HashSet<>(Grant.reconcile(RELEASE_NAMESPACE));
    expected.addAll(Grant.leaderElection(RELEASE_NAMESPACE, LEASE));
    assertGrants(
        expected, ServiceAccountPermissions.of(chart, RELEASE_NAMESPACE, "platform-deployer"));
    assertEquals(
        "platform-deployer",
        chart
            .single("Deployment")
            .path("spec")
            .path("template")
            .path("spec")
            .path("serviceAccountName")
            .asText());
  }

  private static Set<Grant> permissions(RenderedChart chart) {
    return ServiceAccountPermissions.of(chart, RELEASE_NAMESPACE, SERVICE_ACCOUNT);
  }

  /** Equal sets, or a failure listing only the differences, readable. */
  private static void assertGrants(Set<Grant> expected, Set<Grant> actual) {
    List<String> extra =
        actual.stream().filter(g -> !expected.contains(g)).map(Grant::toString).sorted().toList();
    List<String> missing =
        expected.stream().filter(g -> !actual.contains(g)).map(Grant::toString).sorted().toList();
    assertTrue(
        extra.isEmpty() && missing.isEmpty(),
        "granted beyond what the controller needs: "
            + extra
            + "; needed but not granted: "
            + missing);
  }

  private static void assertProbe(JsonNode container, String probe, String path, String port) {
    JsonNode get = container.path(probe).path("httpGet");
    assertEquals(path, get.path("path").asText(), probe);
    assertEquals(port, get.path("port").asText(), probe);
  }

  private static String argValue(List<String> args, String prefix) {
    return args.stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + args));
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    throw new AssertionError("no " + name + " in " + container.path("env"));
  }
}
