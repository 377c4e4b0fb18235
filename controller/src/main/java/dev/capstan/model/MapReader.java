package dev.capstan.model;

import dev.capstan.model.YamlNode.Entry;
import dev.capstan.model.YamlNode.Mapping;
import dev.capstan.model.YamlNode.Mark;
import dev.capstan.model.YamlNode.Scalar;
import dev.capstan.model.YamlNode.Sequence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one YAML mapping by name, recording a Problem for each wrong one.
 *
 * <p>A field whose value is null counts as absent. A wrong field reads as null (or the fallback,
 * for primitives): the result is only used when no problem was found.
 */
final class MapReader {

  /** A list item that passed its rule, with where it was written. */
  record Item<T>(T value, String path, Mark at) {}

  private final Problems problems;
  private final Mapping map;
  private final String path;
  private final Mark anchor;

  /**
   * @param path field path of the mapping, empty for a document's root
   * @param anchor where problems about the whole mapping point: the key that holds it
   */
  MapReader(Problems problems, Mapping map, String path, Mark anchor) {
    this.problems = problems;
    this.map = map;
    this.path = path;
    this.anchor = anchor;
  }

  static MapReader root(Problems problems, Mapping map) {
    return new MapReader(problems, map, "", map.at());
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Records a problem about the mapping as a whole. */
  void report(String message) {
    problems.add(anchor, path.isEmpty() ? null : path, message);
  }

  /** Records a problem about one value read through this mapping, like a list item. */
  void problemAt(Mark at, String field, String message) {
    problems.add(at, field, message);
  }

  /** Reports every key not in {@code allowed}, with the nearest allowed one, and repeats. */
  void allowOnly(Set<String> allowed) {
    Set<String> seen = new HashSet<>();
    for (Entry e : map.entries()) {
      if (!seen.add(e.key())) {
        int first = map.entry(e.key()).keyAt().line();
        problems.add(e.keyAt(), pathOf(e.key()), "duplicate field (first at line " + first + ")");
      } else if (!allowed.contains(e.key())) {
        String hint = Suggestions.didYouMean(e.key(), allowed);
        problems.add(e.keyAt(), pathOf(e.key()), "unknown field " + Messages.quote(e.key()) + hint);
      }
    }
  }

  /** Whether the key is there with a non-null value. */
  boolean has(String key) {
    return !isAbsent(map.entry(key));
  }

  /** Where the key's value was written; the mapping's anchor when the key is absent. */
  Mark valueAt(String key) {
    Entry e = map.entry(key);
    return e == null ? anchor : e.value().at();
  }

  /** The file being read, for checks made after loading that point back at a field. */
  Path file() {
    return problems.file();
  }

  /** Where each item of the key's list was written; empty when the value is no list. */
  List<Mark> itemsAt(String key) {
    Entry e = map.entry(key);
    return e != null && e.value() instanceof Sequence sequence
        ? sequence.items().stream().map(YamlNode::at).toList()
        : List.of();
  }

  /** The key's value as a mapping; empty when absent (null counts as absent) or wrong. */
  Optional<MapReader> mapping(String key) {
    Entry e = map.entry(key);
    return isAbsent(e) ? Optional.empty() : asMapping(e);
  }

  /** Like {@link #mapping}, but a key written with no value reads as an empty mapping. */
  Optional<MapReader> mappingIfKeyPresent(String key) {
    Entry e = map.entry(key);
    if (e != null && e.value() instanceof Scalar s && s.isNull()) {
      Mapping empty = new Mapping(s.at(), List.of());
      return Optional.of(new MapReader(problems, empty, pathOf(key), e.keyAt()));
    }
    return mapping(key);
  }

  /** The key's value as a mapping; null, with a problem, when absent or wrong. */
  MapReader requiredMapping(String key) {
    if (!has(key)) {
      missing(key);
      return null;
    }
    return mapping(key).orElse(null);
  }

  /** The key's text passed through {@code rule}; {@code fallback} when absent, null when wrong. */
  <T> T string(String key, T fallback, Function<String, T> rule) {
    Entry e = map.entry(key);
    return isAbsent(e) ? fallback : convert(e.value(), pathOf(key), rule);
  }

  /** The key's text passed through {@code rule}; null, with a problem, when absent or wrong. */
  <T> T requiredString(String key, Function<String, T> rule) {
    if (!has(key)) {
      missing(key);
      return null;
    }
    return string(key, null, rule);
  }

  /** The key's integer, at least {@code min}; {@code fallback} when absent or wrong. */
  int integer(String key, int fallback, int min) {
    Entry e = map.entry(key);
    if (isAbsent(e)) {
      return fallback;
    }
    if (!(e.value() instanceof Scalar s && s.value() instanceof Number number)) {
      wrongType(e.value(), pathOf(key), "an integer");
      return fallback;
    }
    if (number instanceof Integer value && value >= min) {
      return value;
    }
    // Not an Integer means beyond int range: a Long or BigInteger, either sign.
    boolean tooSmall = number instanceof Integer || number.toString().startsWith("-");
    String message = tooSmall ? "must be at least " + min : "must be at most " + Integer.MAX_VALUE;
    problems.add(s.at(), pathOf(key), message);
    return fallback;
  }

  /** The key's boolean; {@code fallback} when absent or wrong. */
  boolean bool(String key, boolean fallback) {
    Entry e = map.entry(key);
    if (isAbsent(e)) {
      return fallback;
    }
    if (e.value() instanceof Scalar s && s.value() instanceof Boolean value) {
      return value;
    }
    wrongType(e.value(), pathOf(key), "true or false");
    return fallback;
  }

  /** The key's duration ({@code 30s}, {@code 5m}, or an integer of seconds); fallback if absent. */
  Duration duration(String key, Duration fallback) {
    Entry e = map.entry(key);
    if (isAbsent(e)) {
      return fallback;
    }
    if (e.value() instanceof Scalar s && s.value() instanceof Number seconds) {
      return convert(s, pathOf(key), text -> Durations.ofSeconds(seconds));
    }
    if (e.value() instanceof Scalar s && s.type() == Scalar.Type.STRING) {
      return convert(s, pathOf(key), Durations::parse);
    }
    wrongType(e.value(), pathOf(key), "a duration like " + Durations.EXAMPLES);
    return null;
  }

  /** The key's list, each item's text passed through {@code rule}; only good items return. */
  <T> List<Item<T>> list(String key, boolean required, Function<String, T> rule) {
    Entry e = map.entry(key);
    if (isAbsent(e)) {
      if (required) {
        missing(key);
      }
      return List.of();
    }
    if (!(e.value() instanceof Sequence sequence)) {
      wrongType(e.value(), pathOf(key), "a list");
      return List.of();
    }
    if (required && sequence.items().isEmpty()) {
      problems.add(sequence.at(), pathOf(key), "must not be empty");
    }
    List<Item<T>> items = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode node = sequence.items().get(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      T value = convert(node, itemPath, rule);
      if (value != null) {
        items.add(new Item<>(value, itemPath, node.at()));
      }
    }
    return items;
  }

  /** The values of {@link #list} for an optional list of strings. */
  List<String> strings(String key, Function<String, String> rule) {
    return list(key, false, rule).stream().map(Item::value).toList();
  }

  /** One field of a mapping whose keys are names chosen by the user (services, env). */
  record Field(String key, Mark keyAt, String path, YamlNode value) {}

  /** The key's entry, null when absent. */
  Entry entry(String key) {
    return map.entry(key);
  }

  /** Where problems are recorded. */
  Problems problems() {
    return problems;
  }

  /** A reader of a field's value when it is a mapping; empty, with a problem, when not. */
  Optional<MapReader> asMapping(Field field) {
    if (field.value() instanceof Mapping m) {
      return Optional.of(new MapReader(problems, m, field.path(), field.keyAt()));
    }
    wrongType(field.value(), field.path(), "a mapping");
    return Optional.empty();
  }

  /** The items of the key's list, whatever they are; empty (reported) when no list. */
  List<Field> items(String key, boolean required) {
    Entry e = map.entry(key);
    if (isAbsent(e)) {
      if (required) {
        missing(key);
      }
      return List.of();
    }
    if (!(e.value() instanceof Sequence sequence)) {
      wrongType(e.value(), pathOf(key), "a list");
      return List.of();
    }
    if (required && sequence.items().isEmpty()) {
      problems.add(sequence.at(), pathOf(key), "must not be empty");
    }
    List<Field> items = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      YamlNode node = sequence.items().get(i);
      items.add(new Field(String.valueOf(i), node.at(), pathOf(key) + "[" + i + "]", node));
    }
    return items;
  }

  /** A list item's text through {@code rule}; null, with a problem, when wrong. */
  <T> T text(Field item, Function<String, T> rule) {
    return convert(item.value(), item.path(), rule);
  }

  private Optional<MapReader> asMapping(Entry e) {
    if (e.value() instanceof Mapping m) {
      return Optional.of(new MapReader(problems, m, pathOf(e.key()), e.keyAt()));
    }
    wrongType(e.value(), pathOf(e.key()), "a mapping");
    return Optional.empty();
  }

  <T> T convert(YamlNode node, String field, Function<String, T> rule) {
    if (!(node instanceof Scalar s && s.isText())) {
      wrongType(node, field, "a string");
      return null;
    }
    try {
      return rule.apply(s.text());
    } catch (InvalidValueException e) {
      problems.add(node.at(), field, e.getMessage());
      return null;
    }
  }

  void wrongType(YamlNode node, String field, String expected) {
    // INVALID nodes were reported when the tree was built: one problem per mistake.
    if (!(node instanceof Scalar s && s.type() == Scalar.Type.INVALID)) {
      problems.add(node.at(), field, "must be " + expected + ", not " + node.describe());
    }
  }

  private void missing(String key) {
    problems.add(anchor, pathOf(key), "is required");
  }

  static boolean isAbsent(Entry e) {
    return e == null || (e.value() instanceof Scalar s && s.isNull());
  }
}
