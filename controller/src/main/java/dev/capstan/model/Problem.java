package dev.capstan.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with desired state, at a 1-based line and column of a file.
 *
 * @param field the field path it concerns, like {@code spec.keepReleases} or {@code spec.hosts[1]};
 *     null when it concerns no single field (a YAML syntax error, an unreadable file)
 */
public record Problem(Path file, int line, int column, String field, String message) {

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code FILE:LINE:COL: field.path: message}, or {@code FILE:LINE:COL: message}. */
  @Override
  public String toString() {
    String where = file + ":" + line + ":" + column + ": ";
    return field == null ? where + message : where + field + ": " + message;
  }
}
