package dev.capstan.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Environment;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.model.SecretSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/kubernetes: every manifest parses, the Application and Environment pass the checks of
 * {@code capstan validate}, every secretRef they hold names a Secret template there with that key,
 * they pass the schemas of the CRDs the chart ships, and they deploy the same app as
 * examples/broken_brackets.
 */
class KubernetesExamplesTest {

  private static final String CAPSTAN_API = DesiredStateLoader.API_VERSION;
  private static final Path EXAMPLES = RenderedChart.projectRoot().resolve("examples/kubernetes");

  @Test
  void holdsOnlyCapstanResourcesAndSecretsNeverMixedInOneFile() throws IOException {
    for (Path file : yamlFiles()) {
      List<JsonNode> documents = YamlDocuments.parseAll(Files.readString(file));
      assertFalse(documents.isEmpty(), file + " holds no document");
      long capstan = documents.stream().filter(KubernetesExamplesTest::isCapstan).count();
      long secrets = documents.stream().filter(KubernetesExamplesTest::isSecret).count();
      assertEquals(
          documents.size(),
          capstan + secrets,
          file + " holds something other than capstan.dev resources and Secrets");
      // A file of capstan.dev resources only is one `capstan validate -f` can read.
      assertTrue(capstan == 0 || secrets == 0, file + " mixes Secrets and capstan.dev resources");
    }
  }

  @Test
  void capstanResourcesAreValidAsCapstanValidateSeesThem(@TempDir Path folder)
      throws IOException, InvalidDesiredStateException {
    DesiredState state = loadCapstanResources(folder);

    assertEquals(Set.of("broken-brackets"), state.applications().keySet());
    assertEquals(Set.of("broken-brackets-production"), state.environments().keySet());
  }

  @Test
  void everySecretRefNamesASecretTemplateWithThatKey(@TempDir Path folder)
      throws IOException, InvalidDesiredStateException {
    DesiredState state = loadCapstanResources(folder);
    Set<String> templates = secretKeys();

    List<SecretSource> sources = new ArrayList<>();
    for (Application application : state.applications().values()) {
      sources.add(application.spec().repository().credentials());
      application.spec().runtime().configFiles().forEach(f -> sources.add(f.source()));
    }
    for (Environment environment : state.environments().values()) {
      sources.add(environment.spec().ssh().privateKey());
      sources.add(environment.spec().ssh().knownHosts());
    }
    assertEquals(4, sources.size());
    for (SecretSource source : sources) {
      assertTrue(
          source != null && source.secretRef() != null,
          "in a cluster secrets come from Secrets, not files: " + source);
      String ref = source.secretRef().name() + "/" + source.secretRef().key();
      assertTrue(templates.contains(ref), ref + " is not among the Secret templates " + templates);
    }
  }

  @Test
  void deploysTheSameAppAsTheBrokenBracketsExample() throws IOException {
    JsonNode cluster = specsByKind(EXAMPLES.resolve("application.yaml")).get(0);
    Path fileMode = RenderedChart.projectRoot().resolve("examples/broken_brackets/capstan.yaml");
    List<JsonNode> original = specsByKind(fileMode);

    // Only how the repository is reached differs (a URL and a Secret instead of a path), and
    // where the config files come from (Secrets instead of files beside the YAML).
    assertEquals(
        withoutField(withoutField(original.get(0), "repository"), "configFiles"),
        withoutField(withoutField(cluster, "repository"), "configFiles"));
    assertEquals(
        original.get(0).path("repository").path("subPath"),
        cluster.path("repository").path("subPath"));
    assertEquals(configFilePaths(original.get(0)), configFilePaths(cluster));
    for (JsonNode file : cluster.path("configFiles")) {
      assertTrue(file.path("source").has("secretRef"), "from a Secret in a cluster: " + file);
    }
    JsonNode environment = specsByKind(EXAMPLES.resolve("environment.yaml")).get(0);
    for (String field : List.of("application", "revision", "hosts", "rollout")) {
      assertEquals(original.get(1).path(field), environment.path(field), field);
    }
  }

  @Test
  void capstanResourcesPassTheShippedCrdSchemas() throws IOException {
    int checked = 0;
    for (Path file : yamlFiles()) {
      for (JsonNode document : YamlDocuments.parseAll(Files.readString(file))) {
        if (isCapstan(document)) {
          JsonNode spec = crdSpecSchema(document.path("kind").asText());
          assertEquals(
              List.of(),
              CrdSchemaCheck.problems(spec, document.path("spec"), "spec"),
              file.toString());
          checked++;
        }
      }
    }
    assertEquals(2, checked);
  }

  /** The openAPIV3Schema of {@code spec} in the CRD the chart ships for this kind. */
  private static JsonNode crdSpecSchema(String kind) throws IOException {
    String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
    Path crd = RenderedChart.chartDir().resolve("crds/" + plural + ".capstan.dev-v1.yml");
    JsonNode definition = YamlDocuments.parseAll(Files.readString(crd)).get(0);
    return definition
        .path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema")
        .path("properties")
        .path("spec");
  }

  /** Loads the capstan.dev files together, as {@code capstan validate -f FOLDER} would. */
  private static DesiredState loadCapstanResources(Path folder)
      throws IOException, InvalidDesiredStateException {
    for (Path file : yamlFiles()) {
      if (YamlDocuments.parseAll(Files.readString(file)).stream()
          .allMatch(KubernetesExamplesTest::isCapstan)) {
        Files.copy(file, folder.resolve(file.getFileName()));
      }
    }
    return DesiredStateLoader.load(folder);
  }

  /** Every {@code secret/key} the Secret templates define. */
  private static Set<String> secretKeys() throws IOException {
    Set<String> keys = new HashSet<>();
    for (Path file : yamlFiles()) {
      for (JsonNode document : YamlDocuments.parseAll(Files.readString(file))) {
        if (isSecret(document)) {
          String name = document.path("metadata").path("name").asText();
          document.path("stringData").fieldNames().forEachRemaining(k -> keys.add(name + "/" + k));
          document.path("data").fieldNames().forEachRemaining(k -> keys.add(name + "/" + k));
        }
      }
    }
    return keys;
  }

  private static List<JsonNode> specsByKind(Path file) throws IOException {
    return YamlDocuments.parseAll(Files.readString(file)).stream()
        .sorted((a, b) -> a.path("kind").asText().compareTo(b.path("kind").asText()))
        .map(d -> d.path("spec"))
        .toList();
  }

  private static List<String> configFilePaths(JsonNode spec) {
    List<String> paths = new ArrayList<>();
    spec.path("configFiles").forEach(f -> paths.add(f.path("path").asText()));
    assertFalse(paths.isEmpty(), "no configFiles in " + spec);
    return paths;
  }

  private static JsonNode withoutField(JsonNode spec, String field) {
    ObjectNode copy = spec.deepCopy();
    copy.remove(field);
    return copy;
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(yaml.isEmpty(), "no YAML in " + EXAMPLES);
      return yaml;
    }
  }

  private static boolean isCapstan(JsonNode document) {
    return document.path("apiVersion").asText().equals(CAPSTAN_API)
        && Set.of("Application", "Environment").contains(document.path("kind").asText());
  }

  private static boolean isSecret(JsonNode document) {
    return document.path("apiVersion").asText().equals("v1")
        && document.path("kind").asText().equals("Secret");
  }
}
