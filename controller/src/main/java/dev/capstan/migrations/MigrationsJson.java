package dev.capstan.migrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of what {@code django_migrations.py} prints: every name is validated on the way
 * in, and anything else than its format {@value #FORMAT} is refused, never guessed at.
 */
final class MigrationsJson {

  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private MigrationsJson() {}

  static KnownMigrations known(String json) {
    JsonNode root = root(json);
    List<Migration> migrations = new ArrayList<>();
    root.path("migrations").forEach(m -> migrations.add(migration(m)));
    Map<String, List<String>> leaves = new LinkedHashMap<>();
    root.path("leaves")
        .fields()
        .forEachRemaining(
            e -> {
              List<String> names = new ArrayList<>();
              e.getValue().forEach(n -> names.add(MigrationKey.requireName(n.asText())));
              leaves.put(MigrationKey.requireApp(e.getKey()), names);
            });
    return new KnownMigrations(migrations, leaves);
  }

  static MigrationCheck check(String json) {
    JsonNode root = root(json);
    List<Migration> migrations = new ArrayList<>();
    root.path("migrations").forEach(m -> migrations.add(migration(m)));
    List<MigrationCheck.AppTarget> targets = new ArrayList<>();
    root.path("targets")
        .forEach(
            t ->
                targets.add(
                    new MigrationCheck.AppTarget(
                        text(t, "app"), text(t, "target"), keys(t.path("unapplies")))));
    return new MigrationCheck(
        root.path("database").asText("default"), migrations, targets, keys(root.path("missing")));
  }

  private static JsonNode root(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a JSON object: " + shorten(json));
      }
      if (root.path("format").asInt(-1) != FORMAT) {
        throw new IllegalArgumentException(
            "migrations JSON of format " + root.path("format") + ", not " + FORMAT);
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not the JSON of django_migrations.py: " + e.getOriginalMessage(), e);
    }
  }

  private static Migration migration(JsonNode node) {
    List<String> operations = new ArrayList<>();
    node.path("operations").forEach(o -> operations.add(o.asText()));
    boolean reversible = node.path("reversible").asBoolean(false);
    String why = node.path("irreversible").isTextual() ? node.get("irreversible").asText() : null;
    return new Migration(
        new MigrationKey(text(node, "app"), text(node, "name")),
        operations,
        reversible ? null : (why == null ? "irreversible" : why),
        keys(node.path("dependencies")),
        keys(node.path("replaces")));
  }

  /** {@code [[app, name], …]} */
  private static List<MigrationKey> keys(JsonNode array) {
    List<MigrationKey> keys = new ArrayList<>();
    for (JsonNode pair : array) {
      if (!pair.isArray() || pair.size() != 2) {
        throw new IllegalArgumentException("not an [app, name] pair: " + pair);
      }
      keys.add(new MigrationKey(pair.get(0).asText(), pair.get(1).asText()));
    }
    return keys;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("migrations JSON without \"" + field + "\": " + node);
    }
    return value.asText();
  }

  private static String shorten(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
