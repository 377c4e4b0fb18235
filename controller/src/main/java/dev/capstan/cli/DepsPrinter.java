package dev.capstan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.release.ReleasePackages;
import dev.capstan.upkeep.DependencyReport;
import dev.capstan.upkeep.DependencyReport.AdvisoryLine;
import dev.capstan.upkeep.DependencyReport.Group;
import dev.capstan.upkeep.DependencyReport.HostRelease;
import dev.capstan.upkeep.DependencyReport.PackageLine;
import java.util.List;

/** What {@code capstan deps} prints: a table per group of hosts for people, or JSON. */
final class DepsPrinter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DepsPrinter() {}

  /**
   * Per group: its hosts and their live releases once, then {@code PACKAGE VERSION NEWEST
   * ADVISORIES}; last, the counts and which advisories were matched.
   */
  static String table(String environment, DependencyReport report) {
    StringBuilder text = new StringBuilder("Environment " + environment + ":\n");
    if (report.releases().isEmpty()) {
      text.append("  no live release\n");
    }
    for (Group group : report.releases()) {
      for (HostRelease at : group.hosts()) {
        text.append("  host ").append(at.host()).append("  release ").append(at.release());
        text.append('\n');
      }
      if (!group.known()) {
        text.append("    inventory unknown: ").append(ReleasePackages.UNKNOWN_REASON).append('\n');
        continue;
      }
      TextTable table = new TextTable("PACKAGE", "VERSION", "NEWEST", "ADVISORIES");
      for (PackageLine p : group.packages()) {
        table.row(
            p.name() + (p.requested() ? "" : " (dependency)"),
            p.version(),
            !report.indexChecked() ? "?" : p.newest() == null ? "-" : p.newest(),
            p.advisories().isEmpty()
                ? "-"
                : String.join("; ", p.advisories().stream().map(AdvisoryLine::text).toList()));
      }
      table.toString().lines().forEach(line -> text.append("    ").append(line).append('\n'));
    }
    text.append(
        String.format(
            "%d packages, %d outdated, %d vulnerable; %d %s%s%s%n",
            report.packageCount(),
            report.outdatedCount(),
            report.vulnerableCount(),
            report.advisories(),
            report.advisories() == 1 ? "advisory" : "advisories",
            report.advisoriesDigest() == null ? "" : " (" + report.advisoriesDigest() + ")",
            report.indexChecked() ? "" : "; newest unknown: upkeep.index names no index"));
    return text.toString();
  }

  /**
   * {@code {"environment", "releases": [{"hosts": [{"host", "release"}], "known", "packages":
   * [{"name", "version", "requested", "newest", "advisories": [{"id", "aliases", "summary",
   * "fixedIn"}]}]}], "packages", "outdated", "vulnerable", "advisories", "advisoriesDigest",
   * "indexChecked", "problems"}}.
   */
  static String json(String environment, DependencyReport report, List<String> problems) {
    ObjectNode root = JSON.createObjectNode().put("environment", environment);
    ArrayNode releases = root.putArray("releases");
    for (Group group : report.releases()) {
      ObjectNode node = JSON.valueToTree(group);
      if (!group.known()) {
        node.put("unknownReason", ReleasePackages.UNKNOWN_REASON);
      }
      releases.add(node);
    }
    root.put("packages", report.packageCount());
    root.put("outdated", report.outdatedCount());
    root.put("vulnerable", report.vulnerableCount());
    root.put("advisories", report.advisories());
    root.put("advisoriesDigest", report.advisoriesDigest());
    root.put("indexChecked", report.indexChecked());
    ArrayNode shown = root.putArray("problems");
    problems.forEach(shown::add);
    return root.toString();
  }
}
