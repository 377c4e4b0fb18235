package dev.capstan.kube;

import static dev.capstan.kube.KubeTestBed.CONVERGE;
import static dev.capstan.kube.KubeTestBed.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.capstan.kube.crd.ConditionEntry;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.testing.Eventually;
import dev.capstan.testing.KubeApiProxy;
import dev.capstan.testing.Kubectl;
import dev.capstan.testing.PrometheusText;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mode driven by the real {@code kubectl}, as a person would: {@code kubectl apply -f}
 * of the documents of {@code examples/kubernetes/} (a copy pointed at the test's repository and
 * OpenSSH hosts), {@code kubectl patch} of the revision, {@code kubectl wait
 * --for=condition=Ready}. fabric8's mock API server (CRUD mode) has no discovery, so {@link
 * KubeApiProxy} serves it in front. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class KubectlTest {

  private static final String APP = "broken-brackets";
  private static final String ENV = "broken-brackets-production";
  private static final String KEY = NAMESPACE + "/" + ENV;
  private static final Duration DRIFT = Duration.ofSeconds(1);
  private static final Duration KUBECTL = Duration.ofSeconds(30);

  /** A file whose presence in a commit makes its build sleep that many seconds. */
  private static final String SLOW_BUILD = "slow-build";

  private static final int SLOW_BUILD_SECONDS = 3;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir static Path work;
  private KubeTestBed bed;
  private KubernetesRuntime runtime;
  private KubeApiProxy proxy;
  private Kubectl kubectl;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    Path binary = Kubectl.find(); // fails at once, saying what to install, without kubectl
    System.out.println("kubectl: " + binary);
    bed = new KubeTestBed(work, "/srv/capstan-kubectl");
    bed.prepareShared(APP);
    runtime = bed.start("solo");
    Path crds = Path.of(System.getProperty("capstan.projectRoot", ".."), "crds");
    proxy =
        KubeApiProxy.start(
            URI.create(bed.client.getMasterUrl().toString()),
            CrdFilesTest.FILES.stream().map(crds::resolve).toList());
    kubectl =
        Kubectl.with(
            proxy.writeKubeconfig(work.resolve("kubeconfig"), NAMESPACE),
            work.resolve("kubectl-home"));
  }

  @AfterAll
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  @Order(1)
  void kubectlApplyOfTheExampleFolderDeploysAndWaitReturnsWhenReady() throws Exception {
    String commit1 = bed.commitApp("v1", KubeTestBed.HEALTHY);
    Path folder = adaptedExamples(commit1);
    print(kubectl.ok(KUBECTL, "apply", "-f", folder.toString()));
    Kubectl.Run wait =
        kubectl.ok(
            CONVERGE.plusSeconds(30),
            "wait",
            "--for=condition=Ready",
            "cenv/" + ENV,
            "--timeout=" + CONVERGE.toSeconds() + "s");
    assertEquals(
        commit1, bed.liveCommit(0, APP), "host 0 when kubectl wait returned\n" + wait.all());
    assertEquals(
        commit1, bed.liveCommit(1, APP), "host 1 when kubectl wait returned\n" + wait.all());
    print(wait);
    // The printer columns, as kubectl shows them: the long commit and the Application are wide.
    Kubectl.Run get = kubectl.ok(KUBECTL, "get", "cenv");
    Kubectl.Run wide = kubectl.ok(KUBECTL, "get", "cenv", "-o", "wide");
    Kubectl.Run category = kubectl.ok(KUBECTL, "get", "capstan");
    print(get);
    print(wide);
    print(category);
    assertEquals(List.of("NAME", "AGE", "REVISION", "PHASE", "READY"), header(get));
    assertEquals(
        List.of("NAME", "AGE", "APPLICATION", "REVISION", "COMMIT", "PHASE", "READY"),
        header(wide));
    assertTrue(
        wide.out().contains(ENV)
            && wide.out().contains(commit1)
            && wide.out().contains("Ready")
            && wide.out().contains("2/2"),
        wide.all());
    assertTrue(
        category.out().contains("environment.capstan.dev/" + ENV)
            && category.out().contains("application.capstan.dev/" + APP)
            && category.out().contains("Valid"),
        category.all());
  }

  private static List<String> header(Kubectl.Run run) {
    return List.of(run.out().lines().findFirst().orElse("").trim().split("\\s+"));
  }

  @Test
  @Order(2)
  void kubectlWaitAfterAPatchReturnsOnlyOnceEveryHostServesTheNewCommit() throws Exception {
    // Its build takes a while, so that a kubectl wait that returned on the old release would
    // find the hosts still on it.
    bed.repo.write("app/" + SLOW_BUILD, SLOW_BUILD_SECONDS + "\n");
    String commit2 = bed.commitApp("v2", KubeTestBed.HEALTHY);
    bed.repo.delete("app/" + SLOW_BUILD);
    List<EnvironmentResource> seen = new CopyOnWriteArrayList<>();
    Kubectl.Run patch;
    Kubectl.Run wait;
    String host0;
    String host1;
    try (Watch watch =
        bed.client
            .resources(EnvironmentResource.class)
            .inNamespace(NAMESPACE)
            .withName(ENV)
            .watch(statuses(seen))) {
      patch =
          kubectl.ok(
              KUBECTL,
              "patch",
              "cenv",
              ENV,
              "--type",
              "merge",
              "-p",
              "{\"spec\": {\"revision\": \"" + commit2 + "\"}}");
      // kubectl wait's first look comes after the controller said it is rolling out (else the
      // mock's watch, which does not replay what happened before it began, may hide that).
      Eventually.await(
          CONVERGE,
          "the status of the new revision",
          () -> commit2.equals(bed.status(ENV).revision()));
      wait =
          kubectl.ok(
              CONVERGE.plusSeconds(30),
              "wait",
              "--for=condition=Ready",
              "cenv/" + ENV,
              "--timeout=" + CONVERGE.toSeconds() + "s");
      // Read right when kubectl returned: a wait that returns on the old release fails here.
      host0 = bed.liveCommit(0, APP);
      host1 = bed.liveCommit(1, APP);
    }
    print(patch);
    print(wait);
    assertEquals(commit2, host0, "host 0 when kubectl wait returned\n" + wait.all());
    assertEquals(commit2, host1, "host 1 when kubectl wait returned\n" + wait.all());
    // What kubectl wait looks at, in every version the status went through: it may miss some
    // (the mock's watch does not replay what happened between its list and its watch).
    long generation = bed.environment(ENV).getMetadata().getGeneration();
    for (EnvironmentResource version : seen) {
      if (version.getStatus() == null
          || version.getStatus().observedGeneration() == null
          || version.getStatus().observedGeneration() < generation) {
        continue;
      }
      boolean ready =
          KubernetesModeTest.condition(version.getStatus(), "Ready")
              .map(c -> c.status() == ConditionEntry.Status.True)
              .orElse(false);
      boolean allNew =
          version.getStatus().hosts().stream().allMatch(h -> commit2.equals(h.commit()));
      assertTrue(
          !ready || allNew && commit2.equals(version.getStatus().commit()),
          "Ready=True for generation "
              + generation
              + " before every host ran "
              + commit2
              + ": "
              + version.getStatus());
    }
    assertTrue(
        seen.stream()
            .anyMatch(
                v ->
                    v.getStatus() != null
                        && Long.valueOf(generation).equals(v.getStatus().observedGeneration())
                        && KubernetesModeTest.condition(v.getStatus(), "Ready")
                            .map(
                                c ->
                                    c.status() == ConditionEntry.Status.False
                                        && c.reason().equals("RollingOut"))
                            .orElse(false)),
        "a status of generation "
            + generation
            + " with Ready=False, reason RollingOut: "
            + seen.stream().map(EnvironmentResource::getStatus).toList());
    EnvironmentResource resource = bed.environment(ENV);
    assertEquals(resource.getMetadata().getGeneration(), resource.getStatus().observedGeneration());
  }

  @Test
  @Order(3)
  void statusIsNotRewrittenOverTenIdleDriftIntervals() throws Exception {
    // The pass after a deploy still changes something (the hosts' "switched to" messages go);
    // from the next one on, nothing changes.
    awaitPasses(2);
    List<String> modified = new CopyOnWriteArrayList<>();
    String before = bed.environment(ENV).getMetadata().getResourceVersion();
    try (Watch watch =
        bed.client
            .resources(EnvironmentResource.class)
            .inNamespace(NAMESPACE)
            .withName(ENV)
            .watch(recorder(modified))) {
      awaitPasses(10);
    }
    String after = bed.environment(ENV).getMetadata().getResourceVersion();
    assertEquals(List.of(), modified, "watch events on the Environment over 10 idle passes");
    assertEquals(before, after, "resourceVersion over 10 idle passes");
  }

  @Test
  @Order(4)
  void aHeldBackFailedCommitIsOneRolloutFailedEventOverTenDriftIntervals() throws Exception {
    String live = bed.liveCommit(0, APP);
    String bad = bed.commitApp("v3", "exit 1\n");
    // Earlier failures (the Environment applied before its Secret) are Events of their own.
    List<String> before = rolloutFailed().stream().map(e -> e.getMetadata().getName()).toList();
    print(
        kubectl.ok(
            KUBECTL,
            "patch",
            "cenv",
            ENV,
            "--type",
            "merge",
            "-p",
            "{\"spec\": {\"revision\": \"" + bad + "\"}}"));
    Kubectl.Run degraded =
        kubectl.ok(
            CONVERGE.plusSeconds(30),
            "wait",
            "--for=condition=Degraded",
            "cenv/" + ENV,
            "--timeout=" + CONVERGE.toSeconds() + "s");
    print(degraded);
    Eventually.await(
        CONVERGE, "a RolloutFailed Event", () -> rolloutFailed().size() > before.size());
    awaitPasses(10);
    List<Event> failed =
        rolloutFailed().stream().filter(e -> !before.contains(e.getMetadata().getName())).toList();
    assertEquals(
        1,
        failed.size(),
        "RolloutFailed Events over 10 drift intervals: "
            + failed.stream().map(e -> e.getCount() + "x " + e.getMessage()).toList());
    assertTrue(failed.get(0).getMessage().contains("health check"), failed.get(0).getMessage());
    assertEquals(1, failed.get(0).getCount(), "the held-back passes are no repeat of it");
    assertEquals(live, bed.liveCommit(0, APP), "the failed commit is held back");
    assertEquals(live, bed.liveCommit(1, APP), "the failed commit is held back");
    print(kubectl.ok(KUBECTL, "get", "cenv", ENV, "-o", "wide"));
  }

  /** Waits until {@code count} more reconciles of the Environment have finished. */
  private void awaitPasses(int count) throws Exception {
    double start = reconciles();
    Eventually.await(
        DRIFT.multipliedBy(count * 3L).plus(CONVERGE),
        count + " more passes",
        () -> reconciles() >= start + count);
  }

  private double reconciles() throws IOException, InterruptedException {
    String text =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return PrometheusText.parse(text).samples("capstan_reconciles_total").stream()
        .filter(s -> KEY.equals(s.label("environment")))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  private List<Event> rolloutFailed() {
    return bed.events(ENV).stream().filter(e -> "RolloutFailed".equals(e.getReason())).toList();
  }

  private static Watcher<EnvironmentResource> statuses(List<EnvironmentResource> seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, EnvironmentResource resource) {
        seen.add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  /** Records every change after the watch began (not the ADDED of what exists). */
  private static Watcher<EnvironmentResource> recorder(List<String> modified) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, EnvironmentResource resource) {
        if (action != Action.ADDED) {
          modified.add(
              action
                  + " "
                  + resource.getMetadata().getResourceVersion()
                  + " "
                  + resource.getStatus());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  /**
   * examples/kubernetes/ with what only this machine knows filled in: the Application deploys the
   * test's repository (the tiny app; no Django here), the Environment the test's hosts, the Secret
   * the test's key and known_hosts. Kinds, names and Secret keys stay the example's.
   */
  private Path adaptedExamples(String commit) throws IOException {
    Path examples =
        Path.of(System.getProperty("capstan.projectRoot", ".."), "examples", "kubernetes");
    Path folder = Files.createDirectories(work.resolve("kubernetes"));
    List<Path> files;
    try (Stream<Path> list = Files.list(examples)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(3, files.size(), "examples/kubernetes/*.yaml: " + files);
    for (Path file : files) {
      List<String> documents = new ArrayList<>();
      try (var values = YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(file.toFile())) {
        while (values.hasNext()) {
          documents.add(YAML.writeValueAsString(adapted(values.next(), commit)));
        }
      }
      Files.writeString(folder.resolve(file.getFileName()), String.join("", documents));
    }
    return folder;
  }

  private ObjectNode adapted(ObjectNode document, String commit) throws IOException {
    String kind = document.path("kind").asText();
    String name = document.path("metadata").path("name").asText();
    switch (kind) {
      case "Application" -> {
        ObjectNode ours =
            (ObjectNode)
                YAML.readTree(bed.applicationYaml(name, bed.mount + "/" + name)).get("spec");
        ours.putArray("build")
            .add("if [ -f " + SLOW_BUILD + " ]; then sleep \"$(cat " + SLOW_BUILD + ")\"; fi");
        document.set("spec", ours);
      }
      case "Environment" -> {
        ObjectNode spec = (ObjectNode) document.get("spec");
        String secret = spec.path("ssh").path("privateKey").path("secretRef").path("name").asText();
        ObjectNode ours =
            (ObjectNode)
                YAML.readTree(
                        bed.environmentYaml(
                            name, spec.path("application").asText(), commit, secret))
                    .get("spec");
        spec.set("revision", ours.get("revision"));
        spec.set("hosts", ours.get("hosts"));
        spec.put("driftInterval", DRIFT.toSeconds() + "s");
      }
      case "Secret" -> {
        ObjectNode strings = (ObjectNode) document.remove("stringData");
        if (strings.has("id_ed25519")) {
          strings.put("id_ed25519", Files.readString(bed.hosts.privateKey()));
          strings.put("known_hosts", Files.readString(bed.hosts.knownHosts()));
        }
        // A real API server turns stringData into data; the mock stores what it is given.
        ObjectNode data = document.putObject("data");
        strings
            .fields()
            .forEachRemaining(
                field ->
                    data.put(
                        field.getKey(),
                        Base64.getEncoder()
                            .encodeToString(
                                field.getValue().asText().getBytes(StandardCharsets.UTF_8))));
      }
      default -> throw new AssertionError("examples/kubernetes holds a " + kind);
    }
    return document;
  }

  private static void print(Kubectl.Run run) {
    System.out.println(
        "$ kubectl "
            + String.join(" ", run.args())
            + "   # exit "
            + run.exitCode()
            + " after "
            + run.took().toMillis()
            + " ms\n"
            + run.out()
            + run.err());
  }
}
