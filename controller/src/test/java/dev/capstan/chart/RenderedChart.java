package dev.capstan.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The manifests {@code helm template} renders from charts/capstan, parsed, found by kind. */
final class RenderedChart {

  static final String RELEASE_NAME = "capstan";
  static final String RELEASE_NAMESPACE = "capstan-system";
  // Helm's built-in default is 1.20; render as for a current cluster.
  private static final String KUBE_VERSION = "1.30.0";

  private final List<JsonNode> manifests;

  private RenderedChart(List<JsonNode> manifests) {
    this.manifests = manifests;
  }

  /** The repository's root, as Surefire passes it. */
  static Path projectRoot() {
    String root = System.getProperty("capstan.projectRoot");
    if (root == null) {
      throw new IllegalStateException("system property capstan.projectRoot is not set");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  static Path chartDir() {
    return projectRoot().resolve("charts/capstan");
  }

  /** Renders the chart with {@code valuesYaml} on top of its values.yaml ("" for defaults). */
  static RenderedChart render(String valuesYaml) {
    try {
      Path values = Files.createTempFile("capstan-values", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        String rendered =
            new Helm(chartDir())
                .template()
                .withName(RELEASE_NAME)
                .withNamespace(RELEASE_NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(values)
                .call();
        return new RenderedChart(YamlDocuments.parseAll(rendered));
      } finally {
        Files.delete(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> all() {
    return manifests;
  }

  List<JsonNode> ofKind(String kind) {
    return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
  }

  /** The one manifest of this kind; fails when there is none or several. */
  JsonNode single(String kind) {
    List<JsonNode> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + ", rendered " + found.size());
    }
    return found.get(0);
  }

  /** The controller's container in the Deployment. */
  JsonNode container() {
    JsonNode containers =
        single("Deployment").path("spec").path("template").path("spec").path("containers");
    if (containers.size() != 1) {
      throw new AssertionError("expected one container, rendered " + containers.size());
    }
    return containers.get(0);
  }

  /** The controller's command-line arguments. */
  List<String> args() {
    List<String> args = new ArrayList<>();
    container().path("args").forEach(arg -> args.add(arg.asText()));
    return args;
  }
}
