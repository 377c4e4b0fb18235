package dev.capstan.model;

import java.util.List;

/** One node of a YAML document that remembers where it was written. */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  /** Where the node starts. */
  Mark at();

  /** What the node is, with its article, for messages like "must be a list, not a string". */
  String describe();

  /** A 1-based line and column in the source text. */
  record Mark(int line, int column) {}

  /** One key of a mapping, where the key was written, and its value. */
  record Entry(String key, Mark keyAt, YamlNode value) {}

  /** A mapping; keeps duplicate keys (in order) so that readers can report them. */
  record Mapping(Mark at, List<Entry> entries) implements YamlNode {

    public Mapping {
      entries = List.copyOf(entries);
    }

    /** The first entry with that key, or null. */
    Entry entry(String key) {
      for (Entry e : entries) {
        if (e.key().equals(key)) {
          return e;
        }
      }
      return null;
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A list. */
  record Sequence(Mark at, List<YamlNode> items) implements YamlNode {

    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar as YAML resolved it.
   *
   * @param text the scalar as written (numbers keep their spelling, so a commit like 1234567 stays
   *     "1234567")
   * @param value Boolean for BOOLEAN, an Integer, Long or BigInteger for INTEGER, else null
   */
  record Scalar(Mark at, Type type, String text, Object value) implements YamlNode {

    /** How YAML resolved the scalar; INVALID marks a node already reported as a problem. */
    enum Type {
      STRING("a string"),
      INTEGER("an integer"),
      FLOAT("a number"),
      BOOLEAN("a boolean"),
      NULL("null"),
      INVALID("an unsupported value");

      private final String description;

      Type(String description) {
        this.description = description;
      }
    }

    boolean isNull() {
      return type == Type.NULL;
    }

    /** Whether the scalar can be read as text: strings and numbers (written as they were). */
    boolean isText() {
      return type == Type.STRING || type == Type.INTEGER || type == Type.FLOAT;
    }

    @Override
    public String describe() {
      return type.description;
    }
  }
}
