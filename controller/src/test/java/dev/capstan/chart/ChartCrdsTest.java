package dev.capstan.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart ships the CRDs the build generates (the repository's {@code crds/}), byte for byte, and
 * they define the kinds and plurals its RBAC names.
 */
class ChartCrdsTest {

  /** One CRD file and the names the chart and the contract rely on. */
  private record Crd(String file, String kind, String plural, String shortName) {}

  private static final List<Crd> CRDS =
      List.of(
          new Crd("applications.capstan.dev-v1.yml", "Application", "applications", "capp"),
          new Crd("environments.capstan.dev-v1.yml", "Environment", "environments", "cenv"));

  private static final Path GENERATED = RenderedChart.projectRoot().resolve("crds");
  private static final Path SHIPPED = RenderedChart.chartDir().resolve("crds");

  @Test
  void shipsTheRepositoryCrdsByteForByte() throws IOException {
    Set<String> expected = CRDS.stream().map(Crd::file).collect(Collectors.toSet());
    assertEquals(expected, fileNames(GENERATED), "CRD files in " + GENERATED);
    assertEquals(expected, fileNames(SHIPPED), "CRD files in " + SHIPPED);
    for (String file : expected) {
      assertArrayEquals(
          Files.readAllBytes(GENERATED.resolve(file)),
          Files.readAllBytes(SHIPPED.resolve(file)),
          SHIPPED.resolve(file)
              + " differs from "
              + GENERATED.resolve(file)
              + ": copy it over (cp crds/*.yml charts/capstan/crds/)");
    }
  }

  @Test
  void theShippedCrdsDefineTheKindsTheRbacNames() throws IOException {
    for (Crd crd : CRDS) {
      Path file = SHIPPED.resolve(crd.file());
      List<JsonNode> documents = YamlDocuments.parseAll(Files.readString(file));
      assertEquals(1, documents.size(), file.toString());
      JsonNode definition = documents.get(0);
      JsonNode spec = definition.path("spec");
      JsonNode names = spec.path("names");

      assertEquals("apiextensions.k8s.io/v1", definition.path("apiVersion").asText(), file + "");
      assertEquals("CustomResourceDefinition", definition.path("kind").asText(), file + "");
      assertEquals("capstan.dev", spec.path("group").asText(), file + "");
      assertEquals("Namespaced", spec.path("scope").asText(), file + "");
      assertEquals(crd.kind(), names.path("kind").asText(), file + "");
      assertEquals(crd.plural(), names.path("plural").asText(), file + "");
      assertTrue(
          names.path("shortNames").toString().contains('"' + crd.shortName() + '"'),
          file + ": " + names);
      JsonNode version = spec.path("versions").get(0);
      assertEquals(1, spec.path("versions").size(), file + "");
      assertEquals("v1alpha1", version.path("name").asText(), file + "");
      assertTrue(version.path("subresources").has("status"), "no status subresource: " + file);
    }
  }

  private static Set<String> fileNames(Path folder) throws IOException {
    assertTrue(Files.isDirectory(folder), folder + " is missing");
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
