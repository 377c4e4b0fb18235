package dev.capstan.upkeep;

import dev.capstan.release.PackageInventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the live releases of an Environment depend on: per group of hosts that run the same
 * packages, every installed package with its version, the newest the index offers and the
 * advisories that affect it. Pure: the inventories, the advisories and the index's versions are
 * read elsewhere.
 *
 * @param releases one group per distinct inventory (hosts built from one commit usually share one),
 *     in the order their first host came; the unknown ones last, together
 * @param indexChecked whether the index's versions were given: when not, {@code newest} is unknown
 * @param advisories how many advisories were matched
 * @param advisoriesDigest the snapshot's digest: which knowledge the verdict was made with
 */
public record DependencyReport(
    List<Group> releases, boolean indexChecked, int advisories, String advisoriesDigest) {

  public DependencyReport {
    releases = List.copyOf(releases);
  }

  /**
   * One host's live release and what it installed.
   *
   * @param inventory null when unknown: the release was built before Capstan recorded packages
   */
  public record LiveRelease(String host, String release, PackageInventory inventory) {}

  /** A host and the name of its live release. */
  public record HostRelease(String host, String release) {}

  /**
   * Hosts whose live releases installed the same packages.
   *
   * @param known false when their inventory is unknown (then {@code packages} is empty)
   */
  public record Group(List<HostRelease> hosts, boolean known, List<PackageLine> packages) {
    public Group {
      hosts = List.copyOf(hosts);
      packages = List.copyOf(packages);
    }
  }

  /**
   * One installed package.
   *
   * @param newest the newest version the index offers above {@code version}; null when it offers
   *     none newer, or the index was not asked
   * @param advisories the advisories affecting {@code version}, in id order
   */
  public record PackageLine(
      String name,
      String version,
      boolean requested,
      String newest,
      List<AdvisoryLine> advisories) {
    public PackageLine {
      advisories = List.copyOf(advisories);
    }

    /** {@code name version}, as a person reads it. */
    public String label() {
      return name + " " + version;
    }
  }

  /**
   * One advisory that affects a package.
   *
   * @param fixedIn the version that fixes it; null when the advisory names none
   */
  public record AdvisoryLine(String id, List<String> aliases, String summary, String fixedIn) {
    public AdvisoryLine {
      aliases = List.copyOf(aliases);
    }

    /** {@code ID (ALIAS, ...) fixed in V}, or {@code no fix yet}. */
    public String text() {
      return id
          + (aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")")
          + (fixedIn == null ? " no fix known" : " fixed in " + fixedIn);
    }
  }

  /**
   * The report for {@code live} releases.
   *
   * @param indexVersions per package name (any spelling), the versions the index offers; null when
   *     the index was not asked
   */
  public static DependencyReport of(
      List<LiveRelease> live, AdvisorySnapshot snapshot, Map<String, List<String>> indexVersions) {
    Map<String, List<Pep440Version>> offered = offered(indexVersions);
    Map<List<PackageInventory.Installed>, List<HostRelease>> known = new LinkedHashMap<>();
    List<HostRelease> unknown = new ArrayList<>();
    for (LiveRelease release : live) {
      HostRelease at = new HostRelease(release.host(), release.release());
      if (release.inventory() == null) {
        unknown.add(at);
      } else {
        known.computeIfAbsent(release.inventory().packages(), k -> new ArrayList<>()).add(at);
      }
    }
    List<Group> groups = new ArrayList<>();
    known.forEach(
        (packages, hosts) ->
            groups.add(
                new Group(
                    hosts,
                    true,
                    packages.stream()
                        .map(p -> line(p, snapshot, offered, indexVersions != null))
                        .toList())));
    if (!unknown.isEmpty()) {
      groups.add(new Group(unknown, false, List.of()));
    }
    return new DependencyReport(
        groups,
        indexVersions != null,
        snapshot == null ? 0 : snapshot.count(),
        snapshot == null ? null : snapshot.digest());
  }

  /** Distinct packages (name and version) installed across the live releases. */
  public int packageCount() {
    return distinct(p -> true).size();
  }

  /** Distinct packages the index offers a newer version of. */
  public int outdatedCount() {
    return distinct(p -> p.newest() != null).size();
  }

  /** Distinct packages an advisory affects. */
  public int vulnerableCount() {
    return vulnerablePackages().size();
  }

  /** Whether a live release has a package with a known vulnerability. */
  public boolean vulnerable() {
    return vulnerableCount() > 0;
  }

  /** Whether some live release's inventory is unknown. */
  public boolean anyUnknown() {
    return releases.stream().anyMatch(g -> !g.known());
  }

  /** Each affected package once, with its advisories: what a condition names. */
  public List<PackageLine> vulnerablePackages() {
    return List.copyOf(distinct(p -> !p.advisories().isEmpty()).values());
  }

  /**
   * {@code demolib 1.0.0: OSV-1 (CVE-1) fixed in 1.0.1; ...}: the vulnerable packages in one line.
   */
  public String vulnerableSummary() {
    List<String> parts = new ArrayList<>();
    for (PackageLine p : vulnerablePackages()) {
      parts.add(
          p.label()
              + ": "
              + String.join(", ", p.advisories().stream().map(AdvisoryLine::text).toList()));
    }
    return String.join("; ", parts);
  }

  private Map<String, PackageLine> distinct(java.util.function.Predicate<PackageLine> which) {
    Map<String, PackageLine> found = new LinkedHashMap<>();
    for (Group group : releases) {
      for (PackageLine p : group.packages()) {
        if (which.test(p)) {
          found.putIfAbsent(PackageName.normalize(p.name()) + " " + p.version(), p);
        }
      }
    }
    return found;
  }

  private static PackageLine line(
      PackageInventory.Installed installed,
      AdvisorySnapshot snapshot,
      Map<String, List<Pep440Version>> offered,
      boolean indexChecked) {
    Pep440Version version = parseOrNull(installed.version());
    String newest = null;
    List<AdvisoryLine> advisories = new ArrayList<>();
    if (version != null) {
      if (indexChecked) {
        Pep440Version upgrade =
            Upgrades.newest(
                version, offered.getOrDefault(PackageName.normalize(installed.name()), List.of()));
        newest = upgrade == null ? null : upgrade.toString();
      }
      if (snapshot != null) {
        for (Finding f : snapshot.affecting(installed.name(), version)) {
          advisories.add(
              new AdvisoryLine(
                  f.advisoryId(),
                  f.aliases(),
                  f.summary(),
                  f.fixedIn() == null ? null : f.fixedIn().toString()));
        }
      }
    }
    return new PackageLine(
        installed.name(), installed.version(), installed.requested(), newest, advisories);
  }

  /** Per normalised name, the versions that parse (an index may list legacy ones: skipped). */
  private static Map<String, List<Pep440Version>> offered(Map<String, List<String>> versions) {
    Map<String, List<Pep440Version>> offered = new LinkedHashMap<>();
    if (versions == null) {
      return offered;
    }
    versions.forEach(
        (name, list) -> {
          Set<Pep440Version> parsed = new LinkedHashSet<>();
          for (String v : list) {
            Pep440Version p = parseOrNull(v);
            if (p != null) {
              parsed.add(p);
            }
          }
          offered
              .computeIfAbsent(PackageName.normalize(name), k -> new ArrayList<>())
              .addAll(parsed);
        });
    return offered;
  }

  private static Pep440Version parseOrNull(String text) {
    return Pep440Version.isValid(text) ? Pep440Version.parse(text) : null;
  }
}
