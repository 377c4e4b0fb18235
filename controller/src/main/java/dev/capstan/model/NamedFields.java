package dev.capstan.model;

import dev.capstan.model.YamlNode.Entry;
import dev.capstan.model.YamlNode.Mapping;
import dev.capstan.model.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a mapping whose keys are names the user chose (services, env): each field with where it was
 * written, duplicates reported and left out, and such a mapping of names to texts.
 */
final class NamedFields {

  private NamedFields() {}

  /**
   * The fields of the key's mapping, duplicates reported and left out; empty when absent or wrong.
   */
  static List<MapReader.Field> of(MapReader reader, String key) {
    Entry e = reader.entry(key);
    if (MapReader.isAbsent(e)) {
      return List.of();
    }
    if (!(e.value() instanceof Mapping m)) {
      reader.wrongType(e.value(), reader.pathOf(key), "a mapping");
      return List.of();
    }
    List<MapReader.Field> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Entry field : m.entries()) {
      String fieldPath = reader.pathOf(key) + "." + field.key();
      if (!seen.add(field.key())) {
        int first = m.entry(field.key()).keyAt().line();
        reader
            .problems()
            .add(field.keyAt(), fieldPath, "duplicate field (first at line " + first + ")");
      } else {
        fields.add(new MapReader.Field(field.key(), field.keyAt(), fieldPath, field.value()));
      }
    }
    return fields;
  }

  /**
   * The key's mapping of names to texts: each name passed through {@code keyRule}, each value
   * through {@code valueRule} (a number or boolean is read as written); only good pairs return.
   */
  static java.util.Map<String, String> texts(
      MapReader reader,
      String key,
      Function<String, String> keyRule,
      Function<String, String> valueRule) {
    java.util.Map<String, String> result = new java.util.LinkedHashMap<>();
    for (MapReader.Field field : of(reader, key)) {
      String name;
      try {
        name = keyRule.apply(field.key());
      } catch (InvalidValueException e) {
        reader.problems().add(field.keyAt(), field.path(), e.getMessage());
        continue;
      }
      YamlNode value = field.value();
      String text =
          value instanceof Scalar s && s.type() == Scalar.Type.BOOLEAN
              ? reader.convert(
                  new Scalar(s.at(), Scalar.Type.STRING, s.text(), null), field.path(), valueRule)
              : reader.convert(value, field.path(), valueRule);
      if (text != null) {
        result.put(name, text);
      }
    }
    return result;
  }
}
