package dev.capstan.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.upkeep.AdvisoryReader;
import dev.capstan.upkeep.AdvisorySnapshot;
import dev.capstan.upkeep.RequirementsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which pins move where, and the commit message that says so, from OSV records on disk. */
class UpgradePlannerTest {

  private static final String REQUIREMENTS =
      "# pinned\nDemoLib==1.0.0  # the app's library\nother==3.1\nloose>=1\n-r base.txt\n";

  private static final Map<String, List<String>> INDEX =
      Map.of(
          "demolib", List.of("2.0.0", "1.0.1", "1.0.0", "2.1.0rc1", "not a version"),
          "other", List.of("3.1", "3.2"));

  @TempDir Path dir;

  @Test
  void securityOnlyMovesOnlyTheVulnerablePinToItsSmallestFix() throws Exception {
    UpgradePlan plan =
        UpgradePlanner.plan(RequirementsFile.parse(REQUIREMENTS), INDEX, advisories(), true);
    assertEquals(1, plan.upgrades().size(), plan.toString());
    UpgradePlan.PackageUpgrade move = plan.upgrades().get(0);
    assertEquals("demolib 1.0.0 -> 1.0.1", move.toString());
    assertEquals("PYSEC-2026-1", move.fixes().get(0).advisoryId());
    assertEquals(
        REQUIREMENTS.replace("DemoLib==1.0.0", "DemoLib==1.0.1"),
        plan.upgraded().text(),
        "only the version changes, spelling and comment kept");

    String message = UpgradeMessage.of(plan, true, "host-a", List.of("venv/bin/python t.py"));
    assertTrue(message.startsWith("Upgrade 1 package: demolib 1.0.0 -> 1.0.1\n\n"), message);
    assertTrue(
        message.contains("  fixes PYSEC-2026-1 (CVE-2026-0001): demolib leaks secrets\n"), message);
    assertTrue(message.contains("venv/bin/python t.py"), message);
  }

  @Test
  void everythingGoesToTheNewestFinalReleaseOtherwise() throws Exception {
    UpgradePlan plan =
        UpgradePlanner.plan(RequirementsFile.parse(REQUIREMENTS), INDEX, advisories(), false);
    assertEquals(
        List.of("demolib 1.0.0 -> 2.0.0", "other 3.1 -> 3.2"),
        plan.upgrades().stream().map(Object::toString).toList(),
        "no pre-release for a final pin; the loose requirement is the author's");
    assertEquals("PYSEC-2026-1", plan.upgrades().get(0).fixes().get(0).advisoryId());
    assertEquals(List.of(), plan.upgrades().get(1).fixes());
    assertEquals(
        "Upgrade 2 packages: demolib 1.0.0 -> 2.0.0, other 3.1 -> 3.2",
        UpgradeMessage.subject(plan.upgrades()));
  }

  @Test
  void nothingToUpgradeWhenEveryPinIsNewestOrFixed() throws Exception {
    RequirementsFile fixed = RequirementsFile.parse("demolib==1.0.1\n");
    assertTrue(UpgradePlanner.plan(fixed, INDEX, advisories(), true).nothingToUpgrade());
    RequirementsFile newest = RequirementsFile.parse("demolib==2.0.0\nother==3.2\n");
    assertTrue(UpgradePlanner.plan(newest, INDEX, null, false).nothingToUpgrade());
  }

  @Test
  void aVulnerablePinWithoutAFixInTheIndexIsNotedNotMoved() throws Exception {
    UpgradePlan plan =
        UpgradePlanner.plan(
            RequirementsFile.parse("demolib==1.0.0\n"),
            Map.of("demolib", List.of("1.0.0")),
            advisories(),
            true);
    assertTrue(plan.nothingToUpgrade());
    assertTrue(
        plan.notes().get(0).contains("no version free of every advisory"), plan.notes().toString());
    assertThrows(
        IllegalArgumentException.class,
        () -> UpgradePlanner.plan(RequirementsFile.parse("demolib==1.0.0\n"), INDEX, null, true));
  }

  private AdvisorySnapshot advisories() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("advisories"));
    Files.writeString(folder.resolve("PYSEC-2026-1.json"), osvRecord());
    return AdvisoryReader.read(folder);
  }

  /** One OSV record: demolib introduced 0, fixed 1.0.1, alias CVE-2026-0001. */
  static String osvRecord() {
    return "{\"id\": \"PYSEC-2026-1\", \"modified\": \"2026-01-01T00:00:00Z\","
        + " \"aliases\": [\"CVE-2026-0001\"], \"summary\": \"demolib leaks secrets\","
        + " \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"demolib\"},"
        + " \"ranges\": [{\"type\": \"ECOSYSTEM\","
        + " \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.0.1\"}]}]}]}";
  }
}
