package dev.capstan.model;

import dev.capstan.model.YamlNode.Mark;
import java.nio.file.Path;
import java.util.List;

/** Where the readers of one file record what is wrong with it. */
final class Problems {

  private final Path file;
  private final List<Problem> sink;

  /**
   * @param sink shared by every file of one load, so that all problems are reported together
   */
  Problems(Path file, List<Problem> sink) {
    this.file = file;
    this.sink = sink;
  }

  Path file() {
    return file;
  }

  void add(Mark at, String field, String message) {
    sink.add(new Problem(file, at.line(), at.column(), field, message));
  }
}
