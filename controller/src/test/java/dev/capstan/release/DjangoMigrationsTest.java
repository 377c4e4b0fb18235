package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.migrations.KnownMigrations;
import dev.capstan.migrations.Migration;
import dev.capstan.migrations.MigrationCheck;
import dev.capstan.migrations.MigrationKey;
import dev.capstan.migrations.MigrationPlan;
import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.testing.DjangoBlog;
import dev.capstan.testing.RequiredTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration bookkeeping of the Django preset against real Django and a real SQLite database:
 * two releases of one tiny project (an older one that knows only {@code blog.0001_initial}, a newer
 * one with an AddField and a RunPython without reverse code), their recipe's {@code migrations}
 * build step, the check run in the newer release, and the reversal it plans, run for real.
 */
class DjangoMigrationsTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String OLD = "20261121120000-1111111";
  private static final String NEW = "20261122120000-2222222";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path work;

  private Path db;
  private ReleaseLayout layout;
  private ApplicationSpec spec;
  private Recipe recipe;

  @BeforeEach
  void twoReleases() throws Exception {
    RequiredTools.pythonModule(PYTHON, "django", "python3-django");
    db = work.resolve("db.sqlite3");
    layout = new ReleaseLayout(Files.createDirectories(work.resolve("deploy")).toString());
    spec = spec();
    recipe = Recipe.of(spec);
    release(OLD, "0001_initial");
    release(NEW, "0001_initial", "0002_post_subtitle", "0003_fill");
  }

  @Test
  void theBuildRecordsTheMigrationsTheCodeDefinesWithoutADatabase() throws Exception {
    build(NEW);

    KnownMigrations known = known(NEW);
    assertFalse(Files.exists(db), "no database was created or opened");
    assertEquals(
        List.of("blog.0001_initial", "blog.0002_post_subtitle", "blog.0003_fill"),
        known.migrations().stream().map(m -> m.key().toString()).toList());
    Migration subtitle = known.migrations().get(1);
    assertEquals(List.of(new MigrationKey("blog", "0001_initial")), subtitle.dependencies());
    assertEquals(List.of("AddField"), subtitle.operations());
    assertTrue(subtitle.reversible());
    Migration fill = known.migrations().get(2);
    assertFalse(fill.reversible());
    assertEquals("RunPython without reverse code", fill.irreversible());
    assertEquals(List.of("0003_fill"), known.leaves().get("blog"));
    try (var files = Files.list(Path.of(layout.release(NEW), ".capstan"))) {
      assertEquals(List.of("migrations.json"), files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  void aManagePyThatIsNotDjangosRecordsNothingAndSaysSo() throws Exception {
    Files.writeString(Path.of(layout.release(NEW), "manage.py"), "");
    ScriptOutput built =
        run(NEW, recipe.buildSteps().stream().filter(s -> s.name().equals("migrations")).toList());
    assertTrue(built.succeeded());
    assertFalse(Files.exists(Path.of(layout.release(NEW), MigrationSteps.FILE)));
  }

  @Test
  void nothingTheOlderReleaseLacksIsApplied() throws Exception {
    build(OLD);
    run(NEW, new Step("migrate", "venv/bin/python manage.py migrate blog 0001_initial -v0"));

    MigrationPlan plan = MigrationPlan.classify(check(NEW, OLD), false);
    assertEquals(MigrationPlan.Verdict.SAFE, plan.verdict(), plan.describe());
    assertEquals(List.of(), plan.reversals());
  }

  @Test
  void anAddedFieldIsReversedFromTheNewerRelease() throws Exception {
    build(OLD);
    run(NEW, new Step("migrate", "venv/bin/python manage.py migrate blog 0002_post_subtitle -v0"));
    assertTrue(columns().contains("subtitle"), columns());

    MigrationCheck check = check(NEW, OLD);
    assertEquals(
        List.of(
            new MigrationCheck.AppTarget(
                "blog", "0001_initial", List.of(key("0002_post_subtitle")))),
        check.targets());
    assertTrue(check.migrations().get(0).reversible());
    MigrationPlan plan = MigrationPlan.classify(check, false);
    assertEquals(MigrationPlan.Verdict.REVERSIBLE, plan.verdict());
    assertEquals(
        "reverses blog.0002_post_subtitle (AddField) with: manage.py migrate blog 0001_initial",
        plan.describe());

    run(NEW, new MigrationSteps(recipe, spec.django()).reverse(plan.reversals()));
    assertFalse(columns().contains("subtitle"), columns());
    assertTrue(columns().contains("title"), columns());
    assertEquals(
        MigrationPlan.Verdict.SAFE, MigrationPlan.classify(check(NEW, OLD), false).verdict());
  }

  @Test
  void aDependentInAnotherAppIsReversedFirstAndThatAppBackToZero() throws Exception {
    String withShop = "20261123120000-3333333";
    release(withShop, "0001_initial", "0002_post_subtitle");
    write(Path.of(layout.release(withShop), "shop/__init__.py"), "");
    write(Path.of(layout.release(withShop), "shop/migrations/__init__.py"), "");
    write(
        Path.of(layout.release(withShop), "shop/migrations/0001_initial.py"),
        """
        from django.db import migrations, models
        class Migration(migrations.Migration):
            initial = True
            dependencies = [('blog', '0002_post_subtitle')]
            operations = [migrations.CreateModel(name='Item', fields=[
                ('id', models.AutoField(primary_key=True))])]
        """);
    build(OLD);
    run(withShop, new Step("migrate", "venv/bin/python manage.py migrate -v0"));
    assertTrue(tables().contains("shop_item"), tables());

    MigrationCheck check = check(withShop, OLD);
    MigrationKey item = new MigrationKey("shop", "0001_initial");
    assertEquals(
        List.of(
            new MigrationCheck.AppTarget(
                "blog", "0001_initial", List.of(item, key("0002_post_subtitle"))),
            new MigrationCheck.AppTarget("shop", "zero", List.of(item))),
        check.targets());
    MigrationPlan plan = MigrationPlan.classify(check, false);
    assertEquals(MigrationPlan.Verdict.REVERSIBLE, plan.verdict(), plan.describe());

    run(withShop, new MigrationSteps(recipe, spec.django()).reverse(plan.reversals()));
    assertFalse(tables().contains("shop_item"), tables());
    assertFalse(columns().contains("subtitle"), columns());
  }

  @Test
  void aRunPythonWithoutReverseCodeMakesTheRollbackRefuse() throws Exception {
    build(OLD);
    run(NEW, new Step("migrate", "venv/bin/python manage.py migrate blog -v0"));

    MigrationCheck check = check(NEW, OLD);
    assertEquals(
        List.of(
            new MigrationCheck.AppTarget(
                "blog", "0001_initial", List.of(key("0003_fill"), key("0002_post_subtitle")))),
        check.targets());
    MigrationPlan plan = MigrationPlan.classify(check, false);
    assertTrue(plan.refuses());
    assertEquals(
        List.of(key("0003_fill")), plan.irreversible().stream().map(Migration::key).toList());
    assertEquals(
        "refuses: blog.0003_fill (RunPython without reverse code) cannot be reversed;"
            + " --allow-irreversible switches anyway and leaves the schema as it is",
        plan.describe());

    MigrationPlan allowed = MigrationPlan.classify(check, true);
    assertFalse(allowed.refuses());
    assertEquals(List.of(), allowed.reversals());
    assertTrue(allowed.describe().contains("leaves app blog as it is"), allowed.describe());
  }

  @Test
  void aTargetBuiltBeforeMigrationsWereRecordedFailsTheCheckSayingSo() throws Exception {
    run(NEW, new Step("migrate", "venv/bin/python manage.py migrate blog -v0"));
    StepFailedException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StepFailedException.class, () -> check(NEW, OLD));
    assertEquals("migrations check", e.step());
    assertTrue(e.detail().contains("cannot read the target release's migrations"), e.detail());
  }

  private static MigrationKey key(String name) {
    return new MigrationKey("blog", name);
  }

  /** The recipe's own build step {@code migrations}, run in {@code release} as a build runs it. */
  private void build(String release) throws Exception {
    List<Step> steps =
        recipe.buildSteps().stream().filter(s -> s.name().equals("migrations")).toList();
    assertEquals(1, steps.size(), "the django preset has one migrations build step");
    run(release, steps);
  }

  private KnownMigrations known(String release) throws Exception {
    return KnownMigrations.parse(
        Files.readString(Path.of(layout.release(release), MigrationSteps.FILE)));
  }

  private MigrationCheck check(String current, String target) throws Exception {
    return MigrationSteps.result(
        run(current, List.of(new MigrationSteps(recipe, spec.django()).check(layout, target))));
  }

  private ScriptOutput run(String release, Step step) throws Exception {
    return run(release, List.of(step));
  }

  private ScriptOutput run(String release, List<Step> steps) throws Exception {
    try (LocalHost host = new LocalHost()) {
      StepRunner runner = new StepRunner(host, layout, "test", ProgressListener.NONE, null);
      return runner.run(StepRunner.add(runner.inRelease(release), steps), TIMEOUT);
    }
  }

  /** The columns of {@code blog_post}, as the sqlite3 CLI sees them. */
  private String columns() throws Exception {
    return DjangoBlog.columns(db);
  }

  private String tables() throws Exception {
    return DjangoBlog.sqlite(db, ".tables");
  }

  private ApplicationSpec spec() throws Exception {
    String yaml =
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: app}",
            "spec:",
            "  repository: {url: /nowhere}",
            "  deployPath: " + layout.deployPath(),
            "  python: {interpreter: " + PYTHON + ", requirements: ''}",
            "  django: {manage: manage.py, collectstatic: true, migrate: true}",
            "");
    return DesiredStateLoader.parse(work.resolve("capstan.yaml"), yaml)
        .applications()
        .get("app")
        .spec();
  }

  /**
   * A release of the project with {@code migrations} of app {@code blog}, its {@code
   * venv/bin/python} the system's (which has Django).
   */
  private void release(String name, String... migrations) throws Exception {
    Path dir = Files.createDirectories(Path.of(layout.release(name)));
    assertEquals(
        List.of(migrations), DjangoBlog.MIGRATIONS.subList(0, migrations.length), "in order");
    DjangoBlog.write(dir, db.toString(), migrations.length);
    Files.createDirectories(dir.resolve("venv/bin"));
    Files.createSymbolicLink(dir.resolve("venv/bin/python"), PYTHON);
  }

  private static void write(Path path, String text) throws Exception {
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
