package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradesTest {

  private static List<Pep440Version> list(String spaceSeparated) {
    return spaceSeparated == null
        ? List.of()
        : Arrays.stream(spaceSeparated.split(" ")).map(Pep440Version::parse).toList();
  }

  private static Pep440Version version(String text) {
    return text == null ? null : Pep440Version.parse(text);
  }

  @ParameterizedTest(name = "{0} among [{1}] -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "1.0.0, 1.0.0 1.0.1 2.0.0, 2.0.0",
        "1.0.0, 2.0.0 1.0.1 1.0.0, 2.0.0",
        "1.0.0, 1.0.0 1.0.1 2.0.0 3.0.0rc1 3.0.0.dev1, 2.0.0",
        "3.0.0a1, 1.0.0 2.0.0 3.0.0rc1, 3.0.0rc1",
        "3.0.0a1, 2.0.0 3.0.0rc1 3.0.0, 3.0.0",
        "1.0.0, 1.0.0.post1, 1.0.0.post1",
        "2.0.0, 1.0.0 1.0.1 2.0.0, -",
        "2.0.0, 2.0, -",
        "1.0.0, 1.0.1rc1, -",
        "1.0.0, -, -",
        "1.0.0, 1!0.1 5.0, 1!0.1",
      })
  void newestIsTheHighestNewerCandidate(String current, String available, String expected) {
    assertEquals(version(expected), Upgrades.newest(version(current), list(available)));
  }

  private static final AdvisorySnapshot SNAPSHOT =
      AdvisorySnapshot.of(
          List.of(
              parse(
                  AdvisorySnapshotTest.osv(
                      "PYSEC-1", "demolib", "introduced:0,fixed:1.0.1", "", false)),
              parse(
                  AdvisorySnapshotTest.osv(
                      "PYSEC-2", "demolib", "introduced:1.0.1,fixed:1.0.3", "", false)),
              parse(AdvisorySnapshotTest.osv("PYSEC-3", "stuck", "introduced:0", "", false)),
              parse(
                  AdvisorySnapshotTest.osv(
                      "PYSEC-4", "prelib", "introduced:0,fixed:2.0rc1", "", false))));

  private static Advisory parse(String json) {
    return AdvisoryReader.parse("t.json", json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  @ParameterizedTest(name = "{0} {1} among [{2}] -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        // the case
        "demolib, 1.0.0, 1.0.0 1.0.3 2.0.0, 1.0.3",
        // 1.0.1 fixes PYSEC-1 but PYSEC-2 introduced there: the smallest free of both
        "demolib, 1.0.0, 1.0.1 1.0.2 1.0.3 1.0.4 2.0.0, 1.0.3",
        "DemoLib, 1.0.0, 2.0.0 1.0.3, 1.0.3",
        // pre-releases are no fix for a final release
        "demolib, 1.0.0, 1.0.3rc1 1.0.4, 1.0.4",
        "prelib, 1.0rc1, 2.0rc1 2.0, 2.0rc1",
        "prelib, 1.0, 2.0rc1 2.0, 2.0",
        // not vulnerable: nothing to do
        "demolib, 1.0.3, 1.0.4 2.0.0, -",
        // nothing fixes it
        "stuck, 1.0, 1.1 2.0, -",
        "demolib, 1.0.0, 1.0.1 1.0.2, -",
        "demolib, 1.0.0, -, -",
      })
  void smallestFixIsTheLowestVersionNoAdvisoryAffects(
      String name, String current, String available, String expected) {
    assertEquals(
        version(expected), Upgrades.smallestFix(name, version(current), list(available), SNAPSHOT));
  }
}
