package dev.capstan.server;

/** Where {@code GET /status} gets its JSON: the controller's current view of its environments. */
@FunctionalInterface
public interface StatusSource {

  /** A complete JSON document, e.g. the {@code status -o json} shape. */
  String statusJson();
}
