package dev.capstan.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.migrations.MigrationCheck.AppTarget;
import dev.capstan.migrations.MigrationPlan.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table tests of {@link MigrationPlan}: given what the check found, the verdict, the {@code
 * migrate} commands and the words.
 */
class MigrationPlanTest {

  private static final Migration SUBTITLE = reversible("blog", "0002_post_subtitle", "AddField");
  private static final Migration FILL =
      irreversible("blog", "0003_fill", "RunPython without reverse code");
  private static final Migration TAGS = reversible("shop", "0004_tags", "CreateModel", "AddField");
  private static final Migration SQL =
      irreversible("shop", "0005_raw", "RunSQL without reverse SQL");

  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of(
            "nothing applied that the target lacks",
            check(List.of(), List.of()),
            false,
            Verdict.SAFE,
            List.of(),
            "safe: no migration to reverse"),
        Arguments.of(
            "one added field",
            check(List.of(SUBTITLE), List.of(target("blog", "0001_initial", SUBTITLE))),
            false,
            Verdict.REVERSIBLE,
            List.of("migrate blog 0001_initial --noinput"),
            "reverses blog.0002_post_subtitle (AddField) with: manage.py migrate blog 0001_initial"),
        Arguments.of(
            "two apps, one back to zero",
            check(
                List.of(SUBTITLE, TAGS),
                List.of(target("blog", "0001_initial", SUBTITLE), target("shop", "zero", TAGS))),
            false,
            Verdict.REVERSIBLE,
            List.of("migrate blog 0001_initial --noinput", "migrate shop zero --noinput"),
            "reverses blog.0002_post_subtitle (AddField) with: manage.py migrate blog 0001_initial\n"
                + "reverses shop.0004_tags (CreateModel, AddField) with: manage.py migrate shop zero"),
        Arguments.of(
            "a RunPython without reverse code refuses",
            check(List.of(FILL, SUBTITLE), List.of(target("blog", "0001_initial", FILL, SUBTITLE))),
            false,
            Verdict.IRREVERSIBLE,
            List.of(),
            "refuses: blog.0003_fill (RunPython without reverse code) cannot be reversed;"
                + " --allow-irreversible switches anyway and leaves the schema as it is"),
        Arguments.of(
            "allowed: the reversible app is reversed, the other left",
            check(
                List.of(FILL, SUBTITLE, TAGS),
                List.of(
                    target("blog", "0001_initial", FILL, SUBTITLE),
                    target("shop", "0003_x", TAGS))),
            true,
            Verdict.IRREVERSIBLE,
            List.of("migrate shop 0003_x --noinput"),
            "reverses shop.0004_tags (CreateModel, AddField) with: manage.py migrate shop 0003_x\n"
                + "switches anyway (--allow-irreversible): blog.0003_fill (RunPython without"
                + " reverse code) cannot be reversed; leaves app blog as it is"),
        Arguments.of(
            "a reversal that meets another app's irreversible dependent is not run",
            check(
                List.of(SQL, SUBTITLE),
                List.of(
                    target("blog", "0001_initial", SQL, SUBTITLE),
                    target("shop", "0004_tags", SQL))),
            true,
            Verdict.IRREVERSIBLE,
            List.of(),
            "switches anyway (--allow-irreversible): shop.0005_raw (RunSQL without reverse SQL)"
                + " cannot be reversed; leaves apps blog, shop as they are"),
        Arguments.of(
            "applied migrations neither release has are named, not reversed",
            new MigrationCheck(
                "default", List.of(), List.of(), List.of(new MigrationKey("old", "0001_initial"))),
            false,
            Verdict.SAFE,
            List.of(),
            "safe: no migration to reverse\n"
                + "leaves alone old.0001_initial: applied, but neither release has their files"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void classifies(
      String why,
      MigrationCheck check,
      boolean allowIrreversible,
      Verdict verdict,
      List<String> commands,
      String described) {
    MigrationPlan plan = MigrationPlan.classify(check, allowIrreversible);
    assertEquals(verdict, plan.verdict());
    assertEquals(
        commands, plan.reversals().stream().map(r -> String.join(" ", r.manageArgs())).toList());
    assertEquals(described, plan.describe());
    assertEquals(verdict == Verdict.IRREVERSIBLE && !allowIrreversible, plan.refuses());
  }

  @Test
  void aMigrationThePlanNamesButTheCheckDidNotDescribeCountsAsIrreversible() {
    MigrationCheck check =
        new MigrationCheck(
            "default",
            List.of(),
            List.of(new AppTarget("blog", "zero", List.of(new MigrationKey("blog", "0001_x")))),
            List.of());
    MigrationPlan plan = MigrationPlan.classify(check, false);
    assertTrue(plan.refuses());
  }

  @Test
  void namesThatCouldReachAShellAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MigrationKey("blog;rm", "0001"));
    assertThrows(IllegalArgumentException.class, () -> new MigrationKey("blog", "0001 x"));
    assertThrows(IllegalArgumentException.class, () -> new MigrationKey("1blog", "0001"));
    assertThrows(
        IllegalArgumentException.class, () -> new AppTarget("blog", "$(reboot)", List.of()));
  }

  private static MigrationCheck check(List<Migration> migrations, List<AppTarget> targets) {
    return new MigrationCheck("default", migrations, targets, List.of());
  }

  private static AppTarget target(String app, String target, Migration... unapplies) {
    return new AppTarget(app, target, Stream.of(unapplies).map(Migration::key).toList());
  }

  private static Migration reversible(String app, String name, String... operations) {
    return new Migration(
        new MigrationKey(app, name), List.of(operations), null, List.of(), List.of());
  }

  private static Migration irreversible(String app, String name, String why) {
    return new Migration(
        new MigrationKey(app, name), List.of(why.split(" ")[0]), why, List.of(), List.of());
  }
}
