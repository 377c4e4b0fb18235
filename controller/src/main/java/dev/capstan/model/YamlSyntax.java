package dev.capstan.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.model.YamlNode.Mark;
import java.io.IOException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns the exception of a YAML text that cannot be parsed into one readable Problem. */
final class YamlSyntax {

  private YamlSyntax() {}

  static void report(IOException e, Problems problems) {
    MarkedYAMLException marked = markedCause(e);
    if (marked != null && marked.getProblemMark() != null) {
      // SnakeYAML's mark points at the offending token; Jackson's at the last good one.
      org.yaml.snakeyaml.error.Mark mark = marked.getProblemMark();
      problems.add(new Mark(mark.getLine() + 1, mark.getColumn() + 1), null, message(marked));
    } else if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      problems.add(
          YamlTreeReader.mark(json.getLocation()),
          null,
          "YAML syntax error: " + firstLine(json.getOriginalMessage()));
    } else {
      problems.add(new Mark(1, 1), null, "cannot read YAML: " + firstLine(e.getMessage()));
    }
  }

  private static MarkedYAMLException markedCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked) {
        return marked;
      }
    }
    return null;
  }

  private static String message(MarkedYAMLException e) {
    String message = "YAML syntax error: " + firstLine(e.getProblem());
    if (e.getContext() != null && e.getContextMark() != null) {
      org.yaml.snakeyaml.error.Mark context = e.getContextMark();
      message +=
          " ("
              + firstLine(e.getContext())
              + " that starts at "
              + (context.getLine() + 1)
              + ":"
              + (context.getColumn() + 1)
              + ")";
    }
    return message;
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return "unknown error";
    }
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
