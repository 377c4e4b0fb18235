package dev.capstan.migrations;

import dev.capstan.migrations.MigrationCheck.AppTarget;
import dev.capstan.migrations.MigrationPlan.Reversal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@link MigrationPlan#describe()}: what a rollback does to the database, in words. */
final class MigrationPlanText {

  private MigrationPlanText() {}

  static String describe(MigrationPlan plan) {
    List<String> lines = new ArrayList<>();
    switch (plan.verdict()) {
      case SAFE -> lines.add("safe: no migration to reverse");
      case REVERSIBLE -> plan.reversals().forEach(r -> lines.add(reverses(r)));
      case IRREVERSIBLE -> {
        String cannot = names(plan.irreversible()) + " cannot be reversed";
        if (plan.refuses()) {
          lines.add(
              "refuses: "
                  + cannot
                  + "; --allow-irreversible switches anyway and leaves the schema as it is");
        } else {
          plan.reversals().forEach(r -> lines.add(reverses(r)));
          lines.add(
              "switches anyway (--allow-irreversible): "
                  + cannot
                  + "; leaves "
                  + left(plan.leftAsIs()));
        }
      }
    }
    if (!plan.missing().isEmpty()) {
      lines.add(
          "leaves alone "
              + plan.missing().stream()
                  .map(MigrationKey::toString)
                  .collect(Collectors.joining(", "))
              + ": applied, but neither release has their files");
    }
    return String.join("\n", lines);
  }

  private static String reverses(Reversal reversal) {
    return "reverses "
        + names(reversal.unapplies())
        + " with: manage.py "
        + String.join(" ", reversal.manageArgs().subList(0, 3));
  }

  private static String left(List<AppTarget> targets) {
    String apps = targets.stream().map(AppTarget::app).collect(Collectors.joining(", "));
    return targets.size() == 1 ? "app " + apps + " as it is" : "apps " + apps + " as they are";
  }

  private static String names(List<Migration> migrations) {
    return migrations.stream().map(Migration::describe).collect(Collectors.joining(", "));
  }
}
