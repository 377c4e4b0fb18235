package dev.capstan.model;

import dev.capstan.model.ParsedDocument.Kind;
import dev.capstan.model.ParsedDocument.Reference;
import dev.capstan.model.YamlNode.Mark;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that need every document at once: unique names, Environments' Applications, and no two
 * Environments deploying to one folder of one host.
 */
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
    checkSharedFolders(documents, applications, problems);
    checkPromotions(documents, firsts.getOrDefault(Kind.ENVIRONMENT, Map.of()), problems);
  }

  /**
   * Adds a problem for each {@code promoteFrom} naming no Environment, itself, or one of another
   * Application (whose commits are of another repository).
   */
  private static void checkPromotions(
      List<ParsedDocument> documents,
      Map<String, ParsedDocument> environments,
      List<Problem> problems) {
    for (ParsedDocument document : documents) {
      if (!(document.resource() instanceof Environment environment)
          || environment.spec().promoteFrom() == null) {
        continue;
      }
      String source = environment.spec().promoteFrom().environment();
      ParsedDocument from = environments.get(source);
      String message = null;
      if (source.equals(environment.name())) {
        message = "an Environment cannot promote from itself";
      } else if (from == null) {
        message =
            "no Environment named "
                + Messages.quote(source)
                + Suggestions.didYouMean(source, environments.keySet());
      } else if (from.resource() instanceof Environment sourceEnvironment
          && !sourceEnvironment.spec().application().equals(environment.spec().application())) {
        message =
            Messages.quote(source)
                + " deploys Application "
                + Messages.quote(sourceEnvironment.spec().application())
                + ", not "
                + Messages.quote(environment.spec().application());
      }
      if (message != null) {
        problems.add(
            new Problem(
                document.file(),
                document.nameAt().line(),
                document.nameAt().column(),
                "spec.promoteFrom.environment",
                message));
      }
    }
  }

  /** Where one Environment deploys to one host: its {@code spec.hosts} item. */
  private record Place(ParsedDocument document, Mark at) {}

  /**
   * Adds a problem for each host item of an Environment that deploys to the same machine and {@code
   * deployPath} as an earlier Environment: the two would fight over one folder.
   */
  private static void checkSharedFolders(
      List<ParsedDocument> documents,
      Map<String, ParsedDocument> applications,
      List<Problem> problems) {
    Map<String, Place> taken = new HashMap<>();
    for (ParsedDocument document : documents) {
      String deployPath = deployPathOf(document, applications);
      List<HostAddress> hosts =
          document.resource() instanceof Environment environment
              ? environment.spec().hosts()
              : List.of();
      // Hosts with problems are left out of the spec; their places would not line up.
      if (deployPath == null || hosts.size() != document.hostsAt().size()) {
        continue;
      }
      for (int i = 0; i < hosts.size(); i++) {
        Place place = new Place(document, document.hostsAt().get(i));
        Place first = taken.putIfAbsent(hosts.get(i).machine() + " " + deployPath, place);
        if (first != null && first.document() != document) {
          problems.add(
              sharedFolder(place, "spec.hosts[" + i + "]", hosts.get(i), deployPath, first));
        }
      }
    }
  }

  private static String deployPathOf(
      ParsedDocument document, Map<String, ParsedDocument> applications) {
    Reference reference = document.application();
    ParsedDocument application = reference == null ? null : applications.get(reference.name());
    return application != null && application.resource() instanceof Application app
        ? app.spec().deployPath()
        : null;
  }

  private static Problem sharedFolder(
      Place second, String field, HostAddress host, String deployPath, Place first) {
    return new Problem(
        second.document().file(),
        second.at().line(),
        second.at().column(),
        field,
        "host "
            + Messages.quote(host.toString())
            + " with deployPath "
            + Messages.quote(deployPath)
            + " is already deployed to by Environment "
            + Messages.quote(first.document().name())
            + " at "
            + first.document().file()
            + ":"
            + first.at().line()
            + ":"
            + first.at().column()
            + "; two Environments must not share a folder on one host");
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
