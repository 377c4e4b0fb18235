package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.kube.DesiredStateAssembler.Assembly;
import dev.capstan.kube.crd.ApplicationResource;
import dev.capstan.kube.crd.ApplicationResourceSpec;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.kube.crd.EnvironmentResourceSpec;
import dev.capstan.kube.crd.HostItem;
import dev.capstan.kube.crd.SecretSourceSpec;
import dev.capstan.model.Environment;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resources become one desired state, validated by the loader file mode uses. */
class DesiredStateAssemblerTest {

  private final DesiredStateAssembler assembler = new DesiredStateAssembler();

  @Test
  void namesAreQualifiedByNamespaceAndDefaultsComeFromTheLoader() {
    Assembly assembly =
        assembler.assemble(
            List.of(application("shop", "web", "/srv/web")),
            List.of(environment("shop", "web-prod", "web", "main", 3L)));
    Environment environment = assembly.state().environments().get("shop/web-prod");
    assertEquals("shop/web", environment.spec().application());
    assertEquals(Duration.ofSeconds(45), environment.spec().driftInterval());
    assertEquals(5, assembly.state().applicationOf(environment).spec().keepReleases());
    assertEquals("deploy-key", environment.spec().ssh().privateKey().secretRef().name());
    assertEquals(3L, assembler.generationOf(environment));
    assertEquals(java.util.Map.of(), assembly.invalidEnvironments());
  }

  @Test
  void anInvalidEditKeepsTheLastValidSpecInForceAndSaysWhatValidateSays() {
    assembler.assemble(
        List.of(application("shop", "web", "/srv/web")),
        List.of(environment("shop", "web-prod", "web", "main", 1L)));
    Assembly assembly =
        assembler.assemble(
            List.of(application("shop", "web", "/srv/web")),
            List.of(environment("shop", "web-prod", "web", "main..x", 2L)));
    assertEquals("main", assembly.state().environments().get("shop/web-prod").spec().revision());
    assertTrue(
        assembly.invalidEnvironments().get("shop/web-prod").startsWith("spec.revision: "),
        assembly.invalidEnvironments().toString());
  }

  @Test
  void anInvalidApplicationIsReportedOnItAndOnItsEnvironments() {
    Assembly assembly =
        assembler.assemble(
            List.of(application("shop", "web", "/srv/../web")),
            List.of(environment("shop", "web-prod", "web", "main", 1L)));
    assertEquals(
        "spec.deployPath: must be normalized: no \".\" or \"..\" segments",
        assembly.applications().get("shop/web"));
    assertEquals(
        "Application shop/web is invalid:\n"
            + "spec.deployPath: must be normalized: no \".\" or \"..\" segments",
        assembly.invalidEnvironments().get("shop/web-prod"));
    assertTrue(assembly.state().environments().isEmpty(), "never valid: nothing in force");
  }

  @Test
  void anApplicationIsLookedUpInTheEnvironmentsOwnNamespace() {
    Assembly assembly =
        assembler.assemble(
            List.of(application("blog", "web", "/srv/web")),
            List.of(environment("shop", "web-prod", "web", "main", 1L)));
    assertEquals(
        "spec.application: no Application named \"web\"",
        assembly.invalidEnvironments().get("shop/web-prod"));
    assertNull(assembly.applications().get("blog/web"), "the Application itself is valid");
  }

  private static ApplicationResource application(String namespace, String name, String path) {
    ApplicationResource resource = new ApplicationResource();
    resource.setMetadata(
        new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L).build());
    resource.setSpec(
        new ApplicationResourceSpec(
            new ApplicationResourceSpec.Repository(
                "https://git.example.com/web.git", null, null, null),
            path,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of("sh activate.sh"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    return resource;
  }

  private static EnvironmentResource environment(
      String namespace, String name, String application, String revision, long generation) {
    EnvironmentResource resource = new EnvironmentResource();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withGeneration(generation)
            .build());
    SecretSourceSpec key =
        new SecretSourceSpec(null, new SecretSourceSpec.SecretRef("deploy-key", "id_ed25519"));
    SecretSourceSpec knownHosts =
        new SecretSourceSpec(null, new SecretSourceSpec.SecretRef("deploy-key", "known_hosts"));
    resource.setSpec(
        new EnvironmentResourceSpec(
            application,
            revision,
            List.of(HostItem.address("deploy@web1.example.com")),
            new EnvironmentResourceSpec.Ssh(key, knownHosts),
            null,
            new IntOrString("45s"),
            null));
    return resource;
  }
}
