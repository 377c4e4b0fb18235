package dev.capstan.upgrade;

import dev.capstan.upkeep.Finding;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The commit message of an upgrade: a subject naming the moves ({@code Upgrade 1 package: demolib
 * 1.0.0 -> 1.0.1}), then every change with the advisories it fixes (id, aliases, summary), and what
 * was tested where.
 */
public final class UpgradeMessage {

  /** At most this many moves are named in the subject; the body lists them all. */
  static final int SUBJECT_MOVES = 3;

  private UpgradeMessage() {}

  /**
   * @param testedOn the host the tests passed on
   * @param tests the commands that passed
   */
  public static String of(
      UpgradePlan plan, boolean securityOnly, String testedOn, List<String> tests) {
    List<UpgradePlan.PackageUpgrade> moves = plan.upgrades();
    if (moves.isEmpty()) {
      throw new IllegalArgumentException("no upgrade to describe");
    }
    StringBuilder text = new StringBuilder(subject(moves)).append("\n\n");
    for (UpgradePlan.PackageUpgrade move : moves) {
      text.append("- ").append(move).append('\n');
      for (Finding fix : move.fixes()) {
        text.append("  fixes ").append(fix.advisoryId());
        if (!fix.aliases().isEmpty()) {
          text.append(" (").append(String.join(", ", fix.aliases())).append(')');
        }
        if (fix.summary() != null && !fix.summary().isBlank()) {
          text.append(": ").append(fix.summary().strip());
        }
        text.append('\n');
      }
    }
    for (String note : plan.notes()) {
      text.append("\nNote: ").append(note);
    }
    if (!plan.notes().isEmpty()) {
      text.append('\n');
    }
    text.append('\n')
        .append(securityOnly ? "Security fixes only" : "Newest versions of the index")
        .append(", tested on ")
        .append(testedOn)
        .append(tests.isEmpty() ? " (installed; no upkeep.test commands)" : " with:")
        .append('\n');
    tests.forEach(t -> text.append("  ").append(t).append('\n'));
    text.append("\nMade by capstan upgrade").append(securityOnly ? " --security-only" : "");
    return text.append('\n').toString();
  }

  static String subject(List<UpgradePlan.PackageUpgrade> moves) {
    String named =
        moves.stream()
            .limit(SUBJECT_MOVES)
            .map(UpgradePlan.PackageUpgrade::toString)
            .collect(Collectors.joining(", "));
    String more =
        moves.size() > SUBJECT_MOVES ? " and " + (moves.size() - SUBJECT_MOVES) + " more" : "";
    return "Upgrade "
        + moves.size()
        + (moves.size() == 1 ? " package: " : " packages: ")
        + named
        + more;
  }
}
