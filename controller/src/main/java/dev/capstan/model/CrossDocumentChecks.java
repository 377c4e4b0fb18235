package dev.capstan.model;

import dev.capstan.model.ParsedDocument.Kind;
import dev.capstan.model.ParsedDocument.Reference;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks that need every document at once: unique names, and Environments' Applications. */
final class CrossDocumentChecks {

  private CrossDocumentChecks() {}

  /** Adds a problem for each document named like an earlier one, and each dangling reference. */
  static void check(List<ParsedDocument> documents, List<Problem> problems) {
    Map<Kind, Map<String, ParsedDocument>> firsts = new EnumMap<>(Kind.class);
    for (ParsedDocument document : documents) {
      Map<String, ParsedDocument> byName =
          firsts.computeIfAbsent(document.kind(), k -> new LinkedHashMap<>());
      ParsedDocument first = byName.putIfAbsent(document.name(), document);
      if (first != null) {
        problems.add(duplicate(document, first));
      }
    }
    Map<String, ParsedDocument> applications = firsts.getOrDefault(Kind.APPLICATION, Map.of());
    for (ParsedDocument document : documents) {
      Reference reference = document.application();
      if (reference != null && !applications.containsKey(reference.name())) {
        problems.add(
            new Problem(
                document.file(),
                reference.at().line(),
                reference.at().column(),
                "spec.application",
                "no Application named "
                    + Messages.quote(reference.name())
                    + Suggestions.didYouMean(reference.name(), applications.keySet())));
      }
    }
  }

  private static Problem duplicate(ParsedDocument second, ParsedDocument first) {
    return new Problem(
        second.file(),
        second.nameAt().line(),
        second.nameAt().column(),
        "metadata.name",
        "duplicate "
            + second.kind().spelling()
            + " "
            + Messages.quote(second.name())
            + "; first declared at "
            + first.file()
            + ":"
            + first.nameAt().line());
  }
}
