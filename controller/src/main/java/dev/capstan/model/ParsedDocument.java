package dev.capstan.model;

import dev.capstan.model.YamlNode.Mark;
import java.nio.file.Path;
import java.util.List;

/**
 * One named document as read, kept with its places for the checks across documents.
 *
 * @param resource the Application or Environment; built from whatever was valid, so only used when
 *     no problem was found anywhere
 * @param application for an Environment, the Application it names and where; else null
 * @param hostsAt for an Environment, where each item of {@code spec.hosts} was written; else empty
 */
record ParsedDocument(
    Kind kind,
    String name,
    Path file,
    Mark nameAt,
    Object resource,
    Reference application,
    List<Mark> hostsAt) {

  ParsedDocument {
    hostsAt = List.copyOf(hostsAt);
  }

  /** The kinds of document Capstan reads. */
  enum Kind {
    APPLICATION("Application"),
    ENVIRONMENT("Environment");

    private final String spelling;

    Kind(String spelling) {
      this.spelling = spelling;
    }

    /** The kind as written in {@code kind:}. */
    String spelling() {
      return spelling;
    }
  }

  /** A name that must match a document of another kind, and where it was written. */
  record Reference(String name, Mark at) {}
}
