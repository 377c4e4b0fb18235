package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRDs checked in under {@code crds/} are the ones the build generates from the classes. */
class CrdFilesTest {

  static final List<String> FILES =
      List.of("applications.capstan.dev-v1.yml", "environments.capstan.dev-v1.yml");
  private static final String REFRESH =
      "crds/ is out of date with the CRD classes in"
          + " dev.capstan.kube.crd; refresh it with:\n  mvn -B -q -pl controller process-classes"
          + " && cp controller/target/classes/META-INF/fabric8/*.capstan.dev-v1.yml crds/";

  @Test
  void checkedInCrdsEqualTheGeneratedOnes() throws IOException {
    for (String file : FILES) {
      assertEquals(
          generated(file), Files.readString(checkedIn().resolve(file)), file + ": " + REFRESH);
    }
  }

  @Test
  void noOtherCrdIsCheckedIn() throws IOException {
    try (Stream<Path> files = Files.list(checkedIn())) {
      assertEquals(FILES, files.map(p -> p.getFileName().toString()).sorted().toList(), REFRESH);
    }
  }

  @Test
  void everySchemaPropertyHasADescription() throws IOException {
    for (String file : FILES) {
      List<String> undescribed = new ArrayList<>();
      undescribed(schema(file), "", undescribed);
      assertEquals(List.of(), undescribed, file + ": properties kubectl explain shows bare");
    }
  }

  @Test
  void theWalkFindsEveryNestedProperty() throws IOException {
    List<String> paths = new ArrayList<>();
    properties(schema("environments.capstan.dev-v1.yml"), "", paths);
    assertTrue(
        paths.containsAll(
            List.of(
                ".spec",
                ".spec.ssh.privateKey.secretRef.key",
                ".status.hosts[].state",
                ".status.conditions[].lastTransitionTime")),
        paths.toString());
  }

  @Test
  void bothKindsAreInTheCapstanCategory() throws IOException {
    for (String file : FILES) {
      assertEquals("[\"capstan\"]", crd(file).at("/spec/names/categories").toString(), file);
    }
  }

  @Test
  void environmentColumnsPutTheLongOnesInTheWideView() throws IOException {
    assertEquals(
        List.of(
            "Age .metadata.creationTimestamp date 0",
            "Application .spec.application string 1",
            "Revision .spec.revision string 0",
            "Commit .status.commit string 1",
            "Phase .status.phase string 0",
            "Ready .status.readyHosts string 0"),
        columns("environments.capstan.dev-v1.yml"));
  }

  @Test
  void applicationColumnsShowWhereAndFromWhat() throws IOException {
    assertEquals(
        List.of(
            "Age .metadata.creationTimestamp date 0",
            "Deploy Path .spec.deployPath string 0",
            "Repository .spec.repository.url string 0",
            "Spec .status.conditions[?(@.type==\"Ready\")].reason string 0"),
        columns("applications.capstan.dev-v1.yml"));
  }

  private static JsonNode crd(String file) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(generated(file));
  }

  private static JsonNode schema(String file) throws IOException {
    return crd(file).at("/spec/versions/0/schema/openAPIV3Schema");
  }

  /** {@code NAME JSONPATH TYPE PRIORITY} of each printer column, in the CRD's order. */
  private static List<String> columns(String file) throws IOException {
    List<String> columns = new ArrayList<>();
    for (JsonNode column : crd(file).at("/spec/versions/0/additionalPrinterColumns")) {
      columns.add(
          column.path("name").asText()
              + " "
              + column.path("jsonPath").asText()
              + " "
              + column.path("type").asText()
              + " "
              + column.path("priority").asInt());
    }
    return columns;
  }

  /** Adds the path of each property under {@code schema} that has no description. */
  private static void undescribed(JsonNode schema, String path, List<String> sink) {
    walk(
        schema,
        path,
        (property, node) -> {
          if (node.path("description").asText().isBlank()) {
            sink.add(property);
          }
        });
  }

  /** Adds the path of every property under {@code schema}. */
  private static void properties(JsonNode schema, String path, List<String> sink) {
    walk(schema, path, (property, node) -> sink.add(property));
  }

  /**
   * Visits every property under {@code schema}, nested in objects, list items and maps, with its
   * path: {@code .spec.hosts}, {@code .status.hosts[].state}.
   */
  private static void walk(JsonNode schema, String path, BiConsumer<String, JsonNode> visitor) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            property -> {
              String child = path + "." + property.getKey();
              visitor.accept(child, property.getValue());
              walk(property.getValue(), child, visitor);
            });
    if (schema.has("items")) {
      walk(schema.get("items"), path + "[]", visitor);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + "{}", visitor);
    }
  }

  /** The CRD the build generated, from {@code target/classes/META-INF/fabric8}. */
  static String generated(String file) throws IOException {
    try (InputStream in = CrdFilesTest.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      Objects.requireNonNull(
          in,
          "the build generated no "
              + file
              + " (the crd-generator-maven-plugin runs in process-classes)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static URL generatedUrl(String file) {
    return CrdFilesTest.class.getResource("/META-INF/fabric8/" + file);
  }

  private static Path checkedIn() {
    return Path.of(System.getProperty("capstan.projectRoot", "..")).resolve("crds");
  }

  static Path generatedPath(String file) {
    try {
      return Path.of(generatedUrl(file).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
