package dev.capstan.server;

/** Where {@code GET /} gets its HTML: the status page rendered from the controller's view now. */
@FunctionalInterface
public interface StatusPageSource {

  /** A complete HTML document. */
  String html();
}
