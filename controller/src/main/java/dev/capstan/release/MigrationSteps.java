package dev.capstan.release;

import dev.capstan.host.Shell;
import dev.capstan.migrations.MigrationCheck;
import dev.capstan.migrations.MigrationKey;
import dev.capstan.migrations.MigrationPlan.Reversal;
import dev.capstan.model.DjangoSpec;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.ScriptOutput;
import java.util.List;

/**
 * The Django preset's migration bookkeeping as steps ({@code django.sh}): the build records the
 * migrations a release's code defines in {@value #FILE}; before a rollback the newer release checks
 * them against the database and reverses, with {@code manage.py migrate APP TARGET}, what the older
 * release lacks.
 */
public final class MigrationSteps {

  /** Where a release's migrations are recorded, relative to its folder. */
  public static final String FILE = ".capstan/migrations.json";

  private final String python;
  private final String manage;

  /** Steps run with {@code recipe}'s python and {@code django}'s {@code manage.py}. */
  public MigrationSteps(Recipe recipe, DjangoSpec django) {
    this(recipe.python(), django.manage());
  }

  private MigrationSteps(String python, String manage) {
    this.python = python;
    this.manage = manage;
  }

  /** The build step {@code migrations}: writes {@value #FILE}, no database touched. */
  static Step known(String python, String manage) {
    return Step.builtin(
        "migrations",
        python + " " + Shell.quote(manage) + " shell: the migrations the code defines, to " + FILE,
        List.of("capstan_django_known", python, manage, FILE));
  }

  /**
   * The step {@code migrations check}, run in the live (newer) release: its result, read with
   * {@link #result}, says what of the database's migrations {@code target} (a release of {@code
   * layout}) lacks. It fails when {@code target} has no {@value #FILE} (built before Capstan
   * recorded them) or the database cannot be read.
   */
  public Step check(ReleaseLayout layout, String target) {
    String file = layout.release(target) + "/" + FILE;
    return Step.builtin(
        "migrations check",
        python
            + " "
            + Shell.quote(manage)
            + " shell: the migrations applied that "
            + target
            + " lacks",
        List.of("capstan_django_check", python, manage, file, ""));
  }

  /**
   * The step {@code migrations check} of a rollback, run in the live release before the switch: the
   * database against the release {@code capstan_rollback_pick} picked; with {@code stop}, the
   * command stops there ({@code EX_MIGRATIONS_TO_REVERSE}) when that release lacks some.
   */
  Step rollbackCheck(ReleaseLayout layout, boolean stop) {
    return Step.builtin(
        "migrations check",
        python
            + " "
            + Shell.quote(manage)
            + " shell: the migrations applied that the release lacks",
        List.of(
            "capstan_django_rollback_check",
            layout.deployPath(),
            python,
            manage,
            stop ? "stop" : "report"));
  }

  /** The result of a script that ran {@link #check}. */
  public static MigrationCheck result(ScriptOutput output) {
    return MigrationCheck.parse(
        output
            .last(Marker.DJANGO_MIGRATIONS)
            .orElseThrow(() -> new IllegalStateException("the migrations check sent no result")));
  }

  /**
   * The steps {@code unmigrate APP}, one per reversal in order, to run in the newer release (it has
   * the files) before switching.
   */
  public List<Step> reverse(List<Reversal> reversals) {
    return reversals.stream().map(this::reverse).toList();
  }

  private Step reverse(Reversal reversal) {
    StringBuilder command =
        new StringBuilder(Shell.quote(python)).append(' ').append(Shell.quote(manage));
    List<String> args = reversal.manageArgs();
    MigrationKey.requireApp(args.get(1));
    MigrationKey.requireName(args.get(2));
    args.forEach(arg -> command.append(' ').append(Shell.quote(arg)));
    return new Step("unmigrate " + reversal.app(), command.toString());
  }
}
