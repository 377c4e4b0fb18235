package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdvisorySnapshotTest {

  /**
   * A record for {@code demolib} whose ranges are written {@code kind:version,...} and separated by
   * {@code ;}, events in the order given (OSV does not promise sorted events).
   */
  static String osv(String id, String name, String ranges, String versions, boolean withdrawn) {
    StringBuilder json = new StringBuilder();
    json.append("{\"id\":\"")
        .append(id)
        .append("\",\"aliases\":[\"CVE-2026-")
        .append(id.hashCode() & 0xfff);
    json.append("\"],\"summary\":\"demo flaw\",");
    if (withdrawn) {
      json.append("\"withdrawn\":\"2026-01-01T00:00:00Z\",");
    }
    json.append("\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"").append(name);
    json.append("\"},\"ranges\":[");
    String[] parts = ranges == null || ranges.isBlank() ? new String[0] : ranges.split(";");
    for (int r = 0; r < parts.length; r++) {
      json.append(r == 0 ? "" : ",").append("{\"type\":\"ECOSYSTEM\",\"events\":[");
      String[] events = parts[r].split(",");
      for (int e = 0; e < events.length; e++) {
        String[] kv = events[e].split(":");
        json.append(e == 0 ? "" : ",")
            .append("{\"")
            .append(kv[0])
            .append("\":\"")
            .append(kv[1])
            .append("\"}");
      }
      json.append("]}");
    }
    json.append("],\"versions\":[");
    String[] listed = versions.isBlank() ? new String[0] : versions.split(",");
    for (int v = 0; v < listed.length; v++) {
      json.append(v == 0 ? "" : ",").append('"').append(listed[v]).append('"');
    }
    return json.append("]}]}").toString();
  }

  private static AdvisorySnapshot snapshot(String... records) {
    return AdvisorySnapshot.of(
        java.util.Arrays.stream(records)
            .map(
                r ->
                    AdvisoryReader.parse("test.json", r.getBytes(StandardCharsets.UTF_8))
                        .orElseThrow())
            .toList());
  }

  @ParameterizedTest(name = "{0} / versions [{1}] at {2}: affected={3} fix={4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // the advisory: introduced 0, fixed 1.0.1
        "introduced:0,fixed:1.0.1||1.0.0|true|1.0.1",
        "introduced:0,fixed:1.0.1||0.0.1.dev1|true|1.0.1",
        "introduced:0,fixed:1.0.1||1.0.1rc1|true|1.0.1",
        "introduced:0,fixed:1.0.1||1.0.1.dev3|true|1.0.1",
        "introduced:0,fixed:1.0.1||1.0.0.post2|true|1.0.1",
        "introduced:0,fixed:1.0.1||1.0.0+local.1|true|1.0.1",
        "introduced:0,fixed:1.0.1||1.0.1|false|-",
        "introduced:0,fixed:1.0.1||1.0.1.0|false|-",
        "introduced:0,fixed:1.0.1||1.0.1.post1|false|-",
        "introduced:0,fixed:1.0.1||2.0.0|false|-",
        // events given out of order are sorted first
        "fixed:1.0.1,introduced:0||1.0.0|true|1.0.1",
        // introduced above zero
        "introduced:1.2,fixed:1.4||1.1.9|false|-",
        "introduced:1.2,fixed:1.4||1.2.0|true|1.4",
        "introduced:1.2,fixed:1.4||1.2rc1|false|-",
        "introduced:1.2,fixed:1.4||1.4.dev0|true|1.4",
        // last_affected: included, and no fix to name
        "introduced:0,last_affected:2.3||2.3|true|-",
        "introduced:0,last_affected:2.3||2.3.0|true|-",
        "introduced:0,last_affected:2.3||2.3.post1|false|-",
        "introduced:0,last_affected:2.3||2.3.1a1|false|-",
        "introduced:0,last_affected:2.3||2.2|true|-",
        // several stretches in one range, and several ranges
        "introduced:1.0,fixed:1.1,introduced:2.0,fixed:2.2||1.5|false|-",
        "introduced:1.0,fixed:1.1,introduced:2.0,fixed:2.2||2.1|true|2.2",
        "introduced:1.0,fixed:1.1,introduced:2.0,fixed:2.2||1.0.5|true|1.1",
        "introduced:1.0,fixed:1.1;introduced:2.0,last_affected:2.2||2.2|true|-",
        "introduced:1.0,fixed:1.1;introduced:2.0,last_affected:2.2||1.0|true|1.1",
        "introduced:1.0,fixed:1.1;introduced:2.0,last_affected:2.2||3.0|false|-",
        // introduced with no end: everything after
        "introduced:3.0||99.0|true|-",
        "introduced:3.0||2.9|false|-",
        // epochs: 1!0.5 is above every version without one
        "introduced:0,fixed:1!0.5||9.9|true|1!0.5",
        "introduced:0,fixed:1!0.5||1!0.5|false|-",
        "introduced:1!1.0||2.0|false|-",
        "introduced:1!1.0||1!1.0.post1|true|-",
        // limit ends the range
        "introduced:0,limit:2.0||1.9|true|-",
        "introduced:0,limit:2.0||2.0|false|-",
        // explicit versions, compared as PEP 440
        "|1.0,1.1|1.0.0|true|-",
        "|1.0,1.1|1.2|false|-",
        "introduced:5.0,fixed:5.1|1.0|1.0|true|-",
      })
  void matchesOsvRanges(
      String ranges, String versions, String version, boolean affected, String fix) {
    AdvisorySnapshot snapshot =
        snapshot(osv("PYSEC-1", "demolib", ranges, versions == null ? "" : versions, false));
    List<Finding> findings = snapshot.affecting("demolib", Pep440Version.parse(version));
    assertEquals(affected, !findings.isEmpty(), findings.toString());
    if (affected) {
      assertEquals(fix == null ? null : Pep440Version.parse(fix), findings.get(0).fixedIn());
    }
  }

  @ParameterizedTest
  @CsvSource({"demolib, Demo_Lib", "demolib, DEMOLIB", "demo-lib, demo.lib", "Demo_Lib, demo--lib"})
  void namesMatchNormalised(String inRecord, String installed) {
    String record = osv("PYSEC-1", inRecord, "introduced:0,fixed:1.0.1", "", false);
    boolean same = PackageName.normalize(inRecord).equals(PackageName.normalize(installed));
    assertEquals(
        same, !snapshot(record).affecting(installed, Pep440Version.parse("1.0")).isEmpty());
  }

  @Test
  void aDifferentPackageIsNotAffected() {
    String record = osv("PYSEC-1", "demolib", "introduced:0", "", false);
    assertTrue(snapshot(record).affecting("otherlib", Pep440Version.parse("1.0")).isEmpty());
  }

  @Test
  void withdrawnRecordsAffectNothing() {
    String record = osv("PYSEC-9", "demolib", "introduced:0", "", true);
    AdvisorySnapshot snapshot = snapshot(record);
    assertEquals(1, snapshot.count());
    assertTrue(snapshot.affecting("demolib", Pep440Version.parse("1.0")).isEmpty());
  }

  @Test
  void aFindingCarriesIdAliasesSummaryAndFix() {
    String record =
        "{\"id\":\"GHSA-demo\",\"aliases\":[\"CVE-2026-0001\",\"PYSEC-2026-1\"],\"summary\":\"bad\","
            + "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"demolib\"},"
            + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0.1\"}]}]}]}";
    assertEquals(
        List.of(
            new Finding(
                "GHSA-demo",
                List.of("CVE-2026-0001", "PYSEC-2026-1"),
                "bad",
                Pep440Version.parse("1.0.1"))),
        snapshot(record).affecting("demolib", Pep440Version.parse("1.0.0")));
  }

  @Test
  void findingsComeOnePerAdvisoryInIdOrder() {
    AdvisorySnapshot snapshot =
        snapshot(
            osv("PYSEC-2", "demolib", "introduced:0,fixed:3.0", "", false),
            osv("PYSEC-1", "demolib", "introduced:0,fixed:2.0;introduced:0,fixed:2.5", "", false));
    List<Finding> findings = snapshot.affecting("demolib", Pep440Version.parse("1.0"));
    assertEquals(
        List.of("PYSEC-1", "PYSEC-2"), findings.stream().map(Finding::advisoryId).toList());
    // two ranges hold 1.0: only the higher fix leaves both
    assertEquals(Pep440Version.parse("2.5"), findings.get(0).fixedIn());
  }

  @Test
  void digestIgnoresOrderButNotContent() {
    String a = osv("PYSEC-1", "demolib", "introduced:0,fixed:1.0.1", "", false);
    String b = osv("PYSEC-2", "otherlib", "introduced:0,fixed:2.0", "", false);
    String changed = osv("PYSEC-2", "otherlib", "introduced:0,fixed:2.1", "", false);
    assertEquals(snapshot(a, b).digest(), snapshot(b, a).digest());
    assertEquals(snapshot(a, b).advisories(), snapshot(b, a).advisories());
    assertNotEquals(snapshot(a, b).digest(), snapshot(a, changed).digest());
    assertTrue(snapshot(a).digest().matches("sha256:[0-9a-f]{64}"));
  }
}
