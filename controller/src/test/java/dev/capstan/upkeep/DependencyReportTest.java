package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.release.PackageInventory;
import dev.capstan.release.PackageInventory.Installed;
import dev.capstan.upkeep.DependencyReport.Group;
import dev.capstan.upkeep.DependencyReport.HostRelease;
import dev.capstan.upkeep.DependencyReport.LiveRelease;
import dev.capstan.upkeep.DependencyReport.PackageLine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyReportTest {

  private static final AdvisorySnapshot ONE_ADVISORY =
      AdvisorySnapshot.of(
          List.of(
              AdvisoryReader.parse(
                      "demo.json",
                      ("{\"id\":\"PYSEC-2026-1\",\"aliases\":[\"CVE-2026-0001\"],"
                              + "\"summary\":\"demo flaw\",\"affected\":[{\"package\":"
                              + "{\"ecosystem\":\"PyPI\",\"name\":\"Demo_Lib\"},\"ranges\":"
                              + "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                              + "{\"fixed\":\"1.0.1\"}]}]}]}")
                          .getBytes(StandardCharsets.UTF_8))
                  .orElseThrow()));

  private static PackageInventory inventory(Installed... packages) {
    return new PackageInventory(List.of(packages), "3.11.2", "2026-12-02T06:00:00Z");
  }

  private static final PackageInventory OLD =
      inventory(new Installed("demo-lib", "1.0.0", true), new Installed("helper", "1.0", false));

  @Test
  void hostsWithTheSameInventoryShareAGroupAndEachPackageHasItsNewestAndItsAdvisories() {
    DependencyReport report =
        DependencyReport.of(
            List.of(
                new LiveRelease("a", "r1", OLD),
                new LiveRelease("b", "r2", OLD),
                new LiveRelease("c", "r3", inventory(new Installed("demo-lib", "1.0.1", true)))),
            ONE_ADVISORY,
            Map.of("demo_lib", List.of("1.0.0", "1.0.1", "2.0.0", "3.0.0rc1", "not-a-version")));

    assertEquals(2, report.releases().size());
    Group first = report.releases().get(0);
    assertEquals(List.of(new HostRelease("a", "r1"), new HostRelease("b", "r2")), first.hosts());
    PackageLine demo = first.packages().get(0);
    assertEquals("2.0.0", demo.newest(), "no pre-release for a final version");
    assertEquals(1, demo.advisories().size());
    assertEquals("PYSEC-2026-1 (CVE-2026-0001) fixed in 1.0.1", demo.advisories().get(0).text());
    assertNull(first.packages().get(1).newest(), "the index offers no helper");
    assertTrue(report.releases().get(1).packages().get(0).advisories().isEmpty(), "1.0.1 fixed");

    assertEquals(3, report.packageCount(), "demo-lib 1.0.0, helper 1.0, demo-lib 1.0.1");
    assertEquals(2, report.outdatedCount());
    assertEquals(1, report.vulnerableCount(), "two hosts with one vulnerable package: one");
    assertTrue(report.vulnerable());
    assertEquals(
        "demo-lib 1.0.0: PYSEC-2026-1 (CVE-2026-0001) fixed in 1.0.1", report.vulnerableSummary());
    assertEquals(1, report.advisories());
    assertEquals(ONE_ADVISORY.digest(), report.advisoriesDigest());
  }

  @Test
  void withoutTheIndexNewestIsUnknownAndAdvisoriesStillMatch() {
    DependencyReport report =
        DependencyReport.of(List.of(new LiveRelease("a", "r1", OLD)), ONE_ADVISORY, null);
    assertFalse(report.indexChecked());
    assertNull(report.releases().get(0).packages().get(0).newest());
    assertEquals(0, report.outdatedCount());
    assertTrue(report.vulnerable());
  }

  @Test
  void aReleaseBuiltBeforeInventoriesIsUnknownNotVulnerable() {
    DependencyReport report =
        DependencyReport.of(
            List.of(new LiveRelease("a", "r0", null), new LiveRelease("b", "r1", null)),
            ONE_ADVISORY,
            Map.of());
    assertEquals(1, report.releases().size());
    assertFalse(report.releases().get(0).known());
    assertEquals(2, report.releases().get(0).hosts().size());
    assertTrue(report.anyUnknown());
    assertFalse(report.vulnerable());
    assertEquals(0, report.packageCount());
  }

  @Test
  void aVersionOutsidePep440GetsNeitherNewestNorAdvisories() {
    DependencyReport report =
        DependencyReport.of(
            List.of(new LiveRelease("a", "r1", inventory(new Installed("demo-lib", "dev", true)))),
            ONE_ADVISORY,
            Map.of("demo-lib", List.of("2.0.0")));
    PackageLine line = report.releases().get(0).packages().get(0);
    assertNull(line.newest());
    assertTrue(line.advisories().isEmpty());
    assertEquals(1, report.packageCount());
  }

  @Test
  void withoutAdvisoriesNothingIsVulnerable() {
    DependencyReport report =
        DependencyReport.of(List.of(new LiveRelease("a", "r1", OLD)), null, null);
    assertFalse(report.vulnerable());
    assertEquals(0, report.advisories());
    assertNull(report.advisoriesDigest());
  }
}
