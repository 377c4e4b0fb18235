package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.reconcile.EnvironmentHistory;
import dev.capstan.release.ReleaseHistory.Entry;
import dev.capstan.release.ReleaseHistory.HostHistory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code history}'s table and JSON, from a history made by hand. */
class HistoryPrinterTest {

  private static final String COMMIT = "3f2a9c1d0e4b5a69788796a5b4c3d2e1f0a9b8c7";

  private static final List<EnvironmentHistory.Report> REPORTS =
      List.of(
          new EnvironmentHistory.Report(
              "production",
              List.of(
                  new HostHistory(
                      "web1",
                      null,
                      List.of(
                          new Entry(
                              "20261121123045-3f2a9c1",
                              COMMIT,
                              "Fix \u001b[2Jcheckout",
                              Instant.parse("2026-11-21T12:31:00.123Z"),
                              "complete",
                              true,
                              Instant.parse("2026-11-21T12:32:00Z"),
                              null,
                              "alice@laptop",
                              null),
                          new Entry(
                              "20261120090000-ddddddd",
                              "d".repeat(40),
                              null,
                              null,
                              "removed",
                              false,
                              null,
                              Instant.parse("2026-11-21T12:32:00Z"),
                              null,
                              null))),
                  HostHistory.unreadable("web2", "connection refused")),
              null));

  @Test
  void theTableHasALinePerReleaseAndSaysWhatIsUnknown() {
    String table = HistoryPrinter.table(REPORTS);
    List<String> lines = table.lines().toList();
    assertEquals("Environment production", lines.get(0));
    assertTrue(lines.get(1).startsWith("HOST  RELEASE"), lines.get(1));
    assertTrue(
        lines
            .get(2)
            .matches(
                "web1 +20261121123045-3f2a9c1 +3f2a9c1 +complete +yes +"
                    + "2026-11-21T12:31:00Z +2026-11-21T12:32:00Z +- +alice@laptop +- +Fix  \\[2Jcheckout"),
        lines.get(2));
    assertTrue(lines.get(3).endsWith("unknown"), lines.get(3));
    assertEquals("web2: connection refused", lines.get(4));
  }

  @Test
  void jsonNamesEveryFieldAndLeavesTheUnknownNull() throws Exception {
    JsonNode document = new ObjectMapper().readTree(HistoryPrinter.json(REPORTS));
    JsonNode environment = document.path("environments").get(0);
    assertEquals("production", environment.path("name").asText());
    JsonNode web1 = environment.path("hosts").get(0);
    JsonNode live = web1.path("releases").get(0);
    assertEquals(COMMIT, live.path("commit").asText());
    assertEquals("2026-11-21T12:31:00Z", live.path("builtAt").asText());
    assertEquals("2026-11-21T12:32:00Z", live.path("switchedAt").asText());
    assertTrue(live.path("live").asBoolean());
    assertTrue(live.path("switchedAwayAt").isNull());
    assertEquals("alice@laptop", live.path("switchedBy").asText());
    assertTrue(web1.path("releases").get(1).path("subject").isNull());
    assertEquals("connection refused", environment.path("hosts").get(1).path("error").asText());
  }
}
