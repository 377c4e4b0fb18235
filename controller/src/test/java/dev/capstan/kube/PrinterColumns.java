package dev.capstan.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders resources as {@code kubectl get} does from the CRD's additionalPrinterColumns (simple
 * {@code .a.b} paths, {@code date} columns as an age): the README's sample output comes from here.
 */
final class PrinterColumns {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PrinterColumns() {}

  static String table(HasMetadata... resources) {
    JsonNode columns = columns();
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("NAME"));
    columns.forEach(c -> header.add(c.path("name").asText().toUpperCase()));
    rows.add(header);
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (HasMetadata resource : resources) {
      JsonNode tree = serialization.convertValue(resource, JsonNode.class);
      List<String> row = new ArrayList<>(List.of(resource.getMetadata().getName()));
      columns.forEach(c -> row.add(cell(tree, c)));
      rows.add(row);
    }
    return format(rows);
  }

  private static JsonNode columns() {
    try {
      JsonNode crd = YAML.readTree(CrdFilesTest.generated("environments.capstan.dev-v1.yml"));
      return crd.at("/spec/versions/0/additionalPrinterColumns");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String cell(JsonNode resource, JsonNode column) {
    JsonNode value = resource.at(column.path("jsonPath").asText().replace('.', '/'));
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (column.path("type").asText().equals("date")) {
      Duration age = Duration.between(Instant.parse(value.asText()), Instant.now());
      return age.toMinutes() > 0 ? age.toMinutes() + "m" : age.toSeconds() + "s";
    }
    return value.asText();
  }

  private static String format(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        out.append(i == row.size() - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 3));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
