package dev.capstan.upgrade;

import dev.capstan.upkeep.Finding;
import dev.capstan.upkeep.RequirementsFile;
import java.util.List;

/**
 * What an upgrade would change: each pinned package moved, the advisories each move fixes, the
 * requirements file as it would be written, and why packages that stay were left.
 *
 * @param upgrades the packages that move, in the file's order
 * @param notes for people: pins that cannot be upgraded and why (no fix in the index, say)
 * @param upgraded the requirements file with every move made, every other byte as it was
 */
public record UpgradePlan(
    List<PackageUpgrade> upgrades, List<String> notes, RequirementsFile upgraded) {

  public UpgradePlan {
    upgrades = List.copyOf(upgrades);
    notes = List.copyOf(notes);
  }

  /**
   * One package moved.
   *
   * @param fixes the advisories that affect {@code from} and no longer {@code to}
   */
  public record PackageUpgrade(String name, String from, String to, List<Finding> fixes) {
    public PackageUpgrade {
      fixes = List.copyOf(fixes);
    }

    @Override
    public String toString() {
      return name + " " + from + " -> " + to;
    }
  }

  public boolean nothingToUpgrade() {
    return upgrades.isEmpty();
  }
}
