package dev.capstan.reconcile;

import dev.capstan.upkeep.DependencyReport;
import java.time.Instant;
import java.util.List;

/**
 * What an Environment's live releases depend on, as its status shows it: the counts of the last
 * dependency check and which advisories it was made with.
 *
 * @param packages distinct packages (name and version) installed across the live releases
 * @param outdated of those, how many the index offers a newer version of
 * @param vulnerable of those, how many an advisory affects
 * @param advisories how many advisories were matched
 * @param checkedAt when the check ended
 * @param advisoriesDigest the advisory snapshot's digest; null when none were read
 * @param vulnerablePackages each affected package and its advisories, for people ({@code demolib
 *     1.0.0: PYSEC-1 (CVE-2026-0001) fixed in 1.0.1})
 * @param unknownReleases live releases whose inventory is unknown (built before Capstan recorded
 *     packages)
 * @param indexCheckedAt when the index was last asked; null when never (or none is named)
 * @param problems what could not be read (a host, the index, the advisories), in words
 */
public record DependencyStatus(
    int packages,
    int outdated,
    int vulnerable,
    int advisories,
    Instant checkedAt,
    String advisoriesDigest,
    List<String> vulnerablePackages,
    int unknownReleases,
    Instant indexCheckedAt,
    List<String> problems) {

  public DependencyStatus {
    vulnerablePackages = vulnerablePackages == null ? List.of() : List.copyOf(vulnerablePackages);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** The status of {@code report}, checked at {@code at}. */
  public static DependencyStatus of(
      DependencyReport report, Instant at, Instant indexCheckedAt, List<String> problems) {
    return new DependencyStatus(
        report.packageCount(),
        report.outdatedCount(),
        report.vulnerableCount(),
        report.advisories(),
        at,
        report.advisoriesDigest(),
        report.vulnerablePackages().stream()
            .map(
                p ->
                    p.label()
                        + ": "
                        + String.join(
                            ", ",
                            p.advisories().stream()
                                .map(DependencyReport.AdvisoryLine::text)
                                .toList()))
            .toList(),
        (int)
            report.releases().stream()
                .filter(g -> !g.known())
                .mapToLong(g -> g.hosts().size())
                .sum(),
        indexCheckedAt,
        problems);
  }
}
