package dev.capstan.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the API server would prune from an object under a structural schema: every field that no
 * {@code properties} or {@code additionalProperties} declares, unless an enclosing schema says
 * {@code x-kubernetes-preserve-unknown-fields}. The mock API server keeps everything; this tells
 * what a real one would drop.
 */
final class SchemaPruning {

  private SchemaPruning() {}

  /** Fields of every resource, kept whatever the schema says. */
  private static final Set<String> ALWAYS_KEPT = Set.of("apiVersion", "kind", "metadata");

  /**
   * The paths of the fields of a resource that its {@code openAPIV3Schema} would prune, like {@code
   * .spec.x}.
   */
  static List<String> pruned(JsonNode resource, JsonNode schema) {
    ObjectNode checked = resource.deepCopy();
    checked.remove(ALWAYS_KEPT);
    List<String> pruned = new ArrayList<>();
    walk(checked, schema, "", pruned);
    return pruned;
  }

  private static void walk(JsonNode value, JsonNode schema, String path, List<String> pruned) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        walk(value.get(i), schema.path("items"), path + "[" + i + "]", pruned);
      }
    } else if (value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              field -> {
                String child = path + "." + field.getKey();
                JsonNode declared = schema.path("properties").path(field.getKey());
                if (declared.isMissingNode()) {
                  declared = schema.path("additionalProperties");
                }
                if (declared.isObject()) {
                  walk(field.getValue(), declared, child, pruned);
                } else {
                  pruned.add(child);
                }
              });
    }
  }
}
