package dev.capstan.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a document against a CRD's OpenAPI v3 schema for what an API server enforces on the fields
 * a person writes: declared fields only (the server prunes or, with strict field validation,
 * refuses others; a map's keys are free and its values follow {@code additionalProperties}), types,
 * required fields, enums, patterns and minimums. Not a full OpenAPI validator; enough to know an
 * example would be accepted as written.
 */
final class CrdSchemaCheck {

  private CrdSchemaCheck() {}

  /** Every mismatch between {@code value} and {@code schema}, each prefixed by its path. */
  static List<String> problems(JsonNode schema, JsonNode value, String path) {
    List<String> problems = new ArrayList<>();
    check(schema, value, path, problems);
    return problems;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isTextual() && !value.canConvertToExactIntegral()) {
        out.add(path + ": must be an integer or a string, not " + value.getNodeType());
      }
      return;
    }
    String type = schema.path("type").asText();
    if (!hasType(value, type)) {
      out.add(path + ": must be " + type + ", not " + value.getNodeType());
      return;
    }
    if (schema.has("enum") && !contains(schema.path("enum"), value)) {
      out.add(path + ": " + value + " is not one of " + schema.path("enum"));
    }
    if (schema.has("pattern")
        && !Pattern.compile(schema.path("pattern").asText()).matcher(value.asText()).find()) {
      out.add(path + ": " + value + " does not match " + schema.path("pattern"));
    }
    if (schema.has("minimum") && value.asDouble() < schema.path("minimum").asDouble()) {
      out.add(path + ": " + value + " is below " + schema.path("minimum"));
    }
    if (type.equals("object")) {
      checkObject(schema, value, path, out);
    } else if (type.equals("array")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.path("items"), value.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> out) {
    schema
        .path("required")
        .forEach(
            required -> {
              if (!value.has(required.asText())) {
                out.add(path + "." + required.asText() + ": required");
              }
            });
    value
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode declared = schema.path("properties").path(field.getKey());
              if (declared.isMissingNode() && schema.path("additionalProperties").isObject()) {
                // A map (env, services): every key is allowed, each value has this schema.
                declared = schema.path("additionalProperties");
              }
              if (declared.isMissingNode()) {
                out.add(path + "." + field.getKey() + ": not declared in the CRD");
              } else {
                check(declared, field.getValue(), path + "." + field.getKey(), out);
              }
            });
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.canConvertToExactIntegral() && value.isNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> false;
    };
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode candidate : values) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
