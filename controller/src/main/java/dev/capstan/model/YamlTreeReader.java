package dev.capstan.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.capstan.model.YamlNode.Entry;
import dev.capstan.model.YamlNode.Mapping;
import dev.capstan.model.YamlNode.Mark;
import dev.capstan.model.YamlNode.Scalar;
import dev.capstan.model.YamlNode.Scalar.Type;
import dev.capstan.model.YamlNode.Sequence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns YAML text into located trees, one per document, with Jackson's streaming parser.
 *
 * <p>Databind would lose the positions and stop at the first mistake; the trees keep both.
 */
final class YamlTreeReader {

  // Without EMPTY_STRING_AS_NULL (which the builder leaves off), "key:" with no value would
  // read as an empty string instead of null, and an empty document as a string.
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

  private final YAMLParser parser;
  private final Problems problems;

  private YamlTreeReader(YAMLParser parser, Problems problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /**
   * Every document of the text, in order; empty documents come back as null scalars. A syntax error
   * becomes a Problem and ends the file: the documents before it are still returned.
   */
  static List<YamlNode> read(String text, Problems problems) {
    List<YamlNode> documents = new ArrayList<>();
    try (YAMLParser parser = FACTORY.createParser(text)) {
      YamlTreeReader reader = new YamlTreeReader(parser, problems);
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        documents.add(reader.node(token));
      }
    } catch (IOException e) {
      YamlSyntax.report(e, problems);
    }
    return documents;
  }

  private YamlNode node(JsonToken token) throws IOException {
    Mark at = mark(parser.currentTokenLocation());
    return switch (token) {
      case START_OBJECT -> mapping(at);
      case START_ARRAY -> sequence(at);
      default -> scalar(at, token);
    };
  }

  private Mapping mapping(Mark at) throws IOException {
    List<Entry> entries = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Mark keyAt = mark(parser.currentTokenLocation());
      entries.add(new Entry(key, keyAt, node(parser.nextToken())));
    }
    return new Mapping(at, entries);
  }

  private Sequence sequence(Mark at) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      items.add(node(t));
    }
    return new Sequence(at, items);
  }

  private Scalar scalar(Mark at, JsonToken token) throws IOException {
    String text = parser.getText();
    if (parser.isCurrentAlias()) {
      // Jackson's streaming parser hands an alias over as its anchor's name, not its value.
      problems.add(at, null, "YAML aliases (*" + text + ") are not supported: repeat the value");
      return new Scalar(at, Type.INVALID, text, null);
    }
    return switch (token) {
      case VALUE_STRING -> new Scalar(at, Type.STRING, text, null);
      case VALUE_NUMBER_INT -> new Scalar(at, Type.INTEGER, text, parser.getNumberValue());
      case VALUE_NUMBER_FLOAT -> new Scalar(at, Type.FLOAT, text, null);
      case VALUE_TRUE -> new Scalar(at, Type.BOOLEAN, text, Boolean.TRUE);
      case VALUE_FALSE -> new Scalar(at, Type.BOOLEAN, text, Boolean.FALSE);
      case VALUE_NULL -> new Scalar(at, Type.NULL, text, null);
      default -> unsupported(at);
    };
  }

  private Scalar unsupported(Mark at) {
    // e.g. a !!binary scalar, which Jackson hands over as an embedded object
    problems.add(at, null, "unsupported YAML value: only text, numbers and booleans are read");
    return new Scalar(at, Type.INVALID, "", null);
  }

  static Mark mark(JsonLocation location) {
    return new Mark(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }
}
