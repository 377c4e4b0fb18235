package dev.capstan.upgrade;

import dev.capstan.upkeep.AdvisorySnapshot;
import dev.capstan.upkeep.Finding;
import dev.capstan.upkeep.PackageName;
import dev.capstan.upkeep.Pep440Version;
import dev.capstan.upkeep.RequirementsFile;
import dev.capstan.upkeep.Upgrades;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the version each {@code ==} pin of a requirements file moves to: with {@code
 * --security-only} the smallest version that no known advisory affects, and only for pins some
 * advisory affects; otherwise the newest the index offers. Pure: the index's answer and the
 * advisories come in, a plan goes out.
 */
public final class UpgradePlanner {

  private UpgradePlanner() {}

  /**
   * @param available each pinned package (by normalised name) and the versions the index offers of
   *     it, as strings; versions that are not PEP 440 are ignored
   * @param advisories what is known to be vulnerable; null when the Application names none (then
   *     {@code securityOnly} cannot be asked for)
   */
  public static UpgradePlan plan(
      RequirementsFile file,
      Map<String, List<String>> available,
      AdvisorySnapshot advisories,
      boolean securityOnly) {
    if (securityOnly && advisories == null) {
      throw new IllegalArgumentException("--security-only needs advisories");
    }
    List<UpgradePlan.PackageUpgrade> upgrades = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, List<String>> offered = normalized(available);
    for (Map.Entry<String, String> pin : file.pins().entrySet()) {
      String name = pin.getKey();
      if (!Pep440Version.isValid(pin.getValue())) {
        notes.add(name + "==" + pin.getValue() + " is not a PEP 440 version: left as it is");
        continue;
      }
      Pep440Version current = Pep440Version.parse(pin.getValue());
      List<Pep440Version> versions =
          offered.getOrDefault(name, List.of()).stream()
              .filter(Pep440Version::isValid)
              .map(Pep440Version::parse)
              .toList();
      List<Finding> affecting =
          advisories == null ? List.of() : advisories.affecting(name, current);
      Pep440Version target;
      if (securityOnly) {
        if (affecting.isEmpty()) {
          continue;
        }
        target = Upgrades.smallestFix(name, current, versions, advisories);
        if (target == null) {
          notes.add(
              name
                  + " "
                  + pin.getValue()
                  + " is affected by "
                  + ids(affecting)
                  + " but the index has no version free of every advisory");
          continue;
        }
      } else {
        target = Upgrades.newest(current, versions);
        if (target == null) {
          continue;
        }
      }
      List<Finding> fixes = fixed(name, affecting, target, advisories);
      targets.put(name, target.toString());
      upgrades.add(new UpgradePlan.PackageUpgrade(name, pin.getValue(), target.toString(), fixes));
      if (advisories != null && !advisories.affecting(name, target).isEmpty()) {
        notes.add(
            name
                + " "
                + target
                + " is still affected by "
                + ids(advisories.affecting(name, target)));
      }
    }
    return new UpgradePlan(upgrades, notes, file.withVersions(targets));
  }

  /** The advisories of {@code affecting} that {@code target} is no longer affected by. */
  private static List<Finding> fixed(
      String name, List<Finding> affecting, Pep440Version target, AdvisorySnapshot advisories) {
    if (affecting.isEmpty()) {
      return List.of();
    }
    Set<String> still =
        advisories.affecting(name, target).stream()
            .map(Finding::advisoryId)
            .collect(Collectors.toSet());
    return affecting.stream().filter(f -> !still.contains(f.advisoryId())).toList();
  }

  private static String ids(List<Finding> findings) {
    return findings.stream().map(Finding::advisoryId).collect(Collectors.joining(", "));
  }

  private static Map<String, List<String>> normalized(Map<String, List<String>> available) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    available.forEach((name, versions) -> out.put(PackageName.normalize(name), versions));
    return out;
  }
}
