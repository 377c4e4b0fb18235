package dev.capstan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.reconcile.EnvironmentHistory;
import dev.capstan.release.ReleaseHistory.Entry;
import dev.capstan.release.ReleaseHistory.HostHistory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code capstan history} as a table per Environment, or as one JSON document. */
final class HistoryPrinter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HistoryPrinter() {}

  /**
   * One table per Environment: a line per release of each host, newest first; what could not be
   * read follows it.
   */
  static String table(List<EnvironmentHistory.Report> reports) {
    StringBuilder text = new StringBuilder();
    for (EnvironmentHistory.Report report : reports) {
      text.append("Environment ").append(report.environment()).append('\n');
      TextTable table =
          new TextTable(
              "HOST",
              "RELEASE",
              "COMMIT",
              "STATE",
              "LIVE",
              "BUILT",
              "SWITCHED TO",
              "SWITCHED FROM",
              "BY",
              "REASON",
              "SUBJECT");
      StringBuilder notes = new StringBuilder();
      for (HostHistory host : report.hosts()) {
        if (host.error() != null) {
          notes.append(host.host()).append(": ").append(clean(host.error())).append('\n');
        } else if (host.releases().isEmpty()) {
          notes.append(host.host()).append(": no releases\n");
        }
        for (Entry e : host.releases()) {
          table.row(
              host.host(),
              e.release(),
              e.commit() == null ? "-" : e.commit().substring(0, Math.min(7, e.commit().length())),
              e.state(),
              e.live() ? "yes" : "no",
              time(e.builtAt()),
              time(e.switchedAt()),
              time(e.switchedAwayAt()),
              e.switchedBy() == null ? "-" : clean(e.switchedBy()),
              e.reason() == null ? "-" : clean(e.reason()),
              e.subject() == null ? "unknown" : clean(e.subject()));
        }
      }
      text.append(table);
      if (report.subjectsError() != null) {
        notes.append("subjects unknown: ").append(clean(report.subjectsError())).append('\n');
      }
      text.append(notes);
    }
    return text.toString();
  }

  /**
   * {@code {"environments": [{"name", "hosts": [{"host", "error", "releases": [{"release",
   * "commit", "subject", "builtAt", "state", "live", "switchedAt", "switchedAwayAt", "switchedBy",
   * "reason"}]}]}]}}; what is unknown is null.
   */
  static String json(List<EnvironmentHistory.Report> reports) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode environments = document.putArray("environments");
    for (EnvironmentHistory.Report report : reports) {
      ObjectNode environment = environments.addObject().put("name", report.environment());
      environment.put("subjectsError", report.subjectsError());
      ArrayNode hosts = environment.putArray("hosts");
      for (HostHistory host : report.hosts()) {
        ObjectNode hostNode = hosts.addObject().put("host", host.host()).put("error", host.error());
        ArrayNode releases = hostNode.putArray("releases");
        for (Entry e : host.releases()) {
          releases
              .addObject()
              .put("release", e.release())
              .put("commit", e.commit())
              .put("subject", e.subject())
              .put("builtAt", iso(e.builtAt()))
              .put("state", e.state())
              .put("live", e.live())
              .put("switchedAt", iso(e.switchedAt()))
              .put("switchedAwayAt", iso(e.switchedAwayAt()))
              .put("switchedBy", e.switchedBy())
              .put("reason", e.reason());
        }
      }
    }
    return document.toString();
  }

  private static String iso(Instant time) {
    return time == null ? null : time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String time(Instant time) {
    return time == null ? "-" : iso(time);
  }

  /** Text from a host or a commit, on one line, with nothing a terminal would act on. */
  private static String clean(String text) {
    StringBuilder clean = new StringBuilder();
    text.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return clean.toString().strip();
  }
}
