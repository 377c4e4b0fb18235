package dev.capstan.migrations;

import dev.capstan.migrations.MigrationCheck.AppTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a rollback does about the database's migrations, decided from a {@link MigrationCheck} alone
 * (pure): nothing ({@link Verdict#SAFE}), {@code manage.py migrate APP TARGET} from the newer
 * release before switching ({@link Verdict#REVERSIBLE}), or refuse ({@link Verdict#IRREVERSIBLE})
 * unless allowed, when it reverses the apps it can and leaves the others as they are.
 *
 * @param reversals what to run before switching, in order; empty when it refuses
 * @param irreversible the migrations to unapply that cannot be
 * @param leftAsIs with {@code allowIrreversible}, the apps not reversed because their reversal
 *     would meet an irreversible migration
 * @param missing applied migrations neither release has the files of, left alone
 */
public record MigrationPlan(
    Verdict verdict,
    boolean allowIrreversible,
    List<Reversal> reversals,
    List<Migration> irreversible,
    List<AppTarget> leftAsIs,
    List<MigrationKey> missing) {

  /** How a rollback stands with the database's migrations. */
  public enum Verdict {
    /** Nothing the older release lacks is applied: switch. */
    SAFE,
    /** Everything it lacks can be unapplied, from the newer release, before switching. */
    REVERSIBLE,
    /** Something it lacks cannot be unapplied. */
    IRREVERSIBLE
  }

  /**
   * One {@code manage.py migrate APP TARGET --noinput}, run in the newer release, which has the
   * files.
   *
   * @param unapplies what Django unapplies for it, dependents in other apps included
   */
  public record Reversal(String app, String target, List<Migration> unapplies) {

    public Reversal {
      MigrationKey.requireApp(app);
      MigrationKey.requireName(target);
      unapplies = List.copyOf(unapplies);
    }

    /** The arguments after {@code manage.py}. */
    public List<String> manageArgs() {
      return List.of("migrate", app, target, "--noinput");
    }
  }

  public MigrationPlan {
    reversals = List.copyOf(reversals);
    irreversible = List.copyOf(irreversible);
    leftAsIs = List.copyOf(leftAsIs);
    missing = List.copyOf(missing);
  }

  /**
   * Each app's {@code migrate} is planned by Django on its own and unapplies the dependents it
   * needs to, so running them in app order works; with {@code allowIrreversible} an app whose plan
   * meets an irreversible migration is skipped whole, as Django would stop at it.
   */
  public static MigrationPlan classify(MigrationCheck check, boolean allowIrreversible) {
    Map<MigrationKey, Migration> byKey =
        check.migrations().stream()
            .collect(Collectors.toMap(Migration::key, Function.identity(), (a, b) -> a));
    List<Migration> irreversible =
        check.migrations().stream().filter(m -> !m.reversible()).toList();
    List<Reversal> reversals = new ArrayList<>();
    List<AppTarget> left = new ArrayList<>();
    for (AppTarget target : check.targets()) {
      List<Migration> unapplies =
          target.unapplies().stream().map(k -> describedOrUnknown(byKey, k)).toList();
      if (unapplies.stream().allMatch(Migration::reversible)) {
        reversals.add(new Reversal(target.app(), target.target(), unapplies));
      } else {
        left.add(target);
      }
    }
    Verdict verdict =
        check.targets().isEmpty()
            ? Verdict.SAFE
            : left.isEmpty() ? Verdict.REVERSIBLE : Verdict.IRREVERSIBLE;
    boolean refuses = verdict == Verdict.IRREVERSIBLE && !allowIrreversible;
    return new MigrationPlan(
        verdict,
        allowIrreversible,
        refuses ? List.of() : reversals,
        irreversible,
        refuses ? List.of() : left,
        check.missing());
  }

  /** Whether the rollback must not go ahead: irreversible, and not allowed. */
  public boolean refuses() {
    return verdict == Verdict.IRREVERSIBLE && !allowIrreversible;
  }

  /** The plan for a person, one line per reversal or refusal. */
  public String describe() {
    return MigrationPlanText.describe(this);
  }

  /** A migration the plan names but the check did not describe: counted irreversible. */
  private static Migration describedOrUnknown(Map<MigrationKey, Migration> byKey, MigrationKey k) {
    Migration m = byKey.get(k);
    return m != null
        ? m
        : new Migration(k, List.of(), "not described by the check", List.of(), List.of());
  }
}
