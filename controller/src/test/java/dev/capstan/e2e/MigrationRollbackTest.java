package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.file.FilePins;
import dev.capstan.model.PinState;
import dev.capstan.testing.CliRun;
import dev.capstan.testing.DjangoBlog;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rollbacks of a real Django app on two real OpenSSH hosts sharing one SQLite database: a release
 * that added a column (AddField) rolled back takes the column out first, from the newer release; a
 * release with a RunPython that cannot be reversed makes {@code rollback} refuse, naming it, and
 * change nothing, unless {@code --allow-irreversible}.
 */
class MigrationRollbackTest {

  private static final String MOUNT = "/srv/capstan-migrations";

  @RegisterExtension static final Fleet fleet = Fleet.of(2, MOUNT);

  @Test
  void reversesAnAddedFieldAndRefusesAnIrreversibleRunPython() throws Exception {
    RequiredTools.pythonModule(Path.of("/usr/bin/python3"), "django", "python3-django");
    Path db = fleet.work().resolve("blog.sqlite3");
    writeDesiredState(db);
    String first = commit(1);
    assertApplied();
    String second = commit(2);
    assertApplied();
    assertTrue(DjangoBlog.columns(db).contains("subtitle"), DjangoBlog.columns(db));

    // A pin on the older release: plan says what its switch would have to reverse.
    assertEquals(0, capstan("pin", first.substring(0, 7)).exitCode());
    CliRun plan = capstan("plan");
    assertTrue(plan.out().contains("migrations: "), plan.all());
    assertTrue(plan.out().contains("blog.0002_post_subtitle (AddField)"), plan.all());
    // apply does not switch past them: the older release's migrate cannot reverse them.
    CliRun held = capstan("apply");
    assertEquals(1, held.exitCode(), held.all());
    assertTrue(held.out().contains("capstan rollback --to"), held.all());
    assertEquals(second, liveCommit(0), "nothing was switched");
    assertTrue(DjangoBlog.columns(db).contains("subtitle"), "nothing was migrated");
    assertEquals(0, capstan("unpin").exitCode());

    CliRun dryRun = capstan("rollback", "--dry-run");
    assertEquals(0, dryRun.exitCode(), dryRun.all());
    assertTrue(dryRun.out().contains("blog.0002_post_subtitle (AddField)"), dryRun.all());
    assertTrue(dryRun.out().contains("migrate blog 0001_initial"), dryRun.all());
    assertTrue(DjangoBlog.columns(db).contains("subtitle"), "a dry run changes nothing");

    CliRun back = capstan("rollback", "--reason", "subtitle broke the feed");
    assertEquals(0, back.exitCode(), back.all());
    assertFalse(DjangoBlog.columns(db).contains("subtitle"), DjangoBlog.columns(db));
    assertFalse(
        DjangoBlog.sqlite(db, "SELECT name FROM django_migrations WHERE app = 'blog';")
            .contains("0002_post_subtitle"));
    assertEquals(first, liveCommit(0));
    assertEquals(first, liveCommit(1));
    assertTrue(health().out().contains("Ready"), "the old release serves: " + health().all());

    // A fix on the branch lifts the rollback's pin: 0002 comes back, with an irreversible 0003.
    String third = commit(3);
    assertApplied();
    assertEquals(third, liveCommit(0));
    String columns = DjangoBlog.columns(db);
    PinState pinsBefore = pins().read("test");

    CliRun refused = capstan("rollback", "--to", first.substring(0, 7));
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.out().contains("blog.0003_fill"), refused.all());
    assertTrue(refused.out().contains("RunPython without reverse code"), refused.all());
    assertEquals(third, liveCommit(0), "nothing changed");
    assertEquals(third, liveCommit(1), "nothing changed");
    assertEquals(columns, DjangoBlog.columns(db), "nothing changed");
    assertEquals(pinsBefore, pins().read("test"), "no pin or veto left behind");

    CliRun allowed = capstan("rollback", "--to", first.substring(0, 7), "--allow-irreversible");
    assertEquals(0, allowed.exitCode(), allowed.all());
    assertTrue(allowed.out().contains("--allow-irreversible"), allowed.all());
    assertEquals(first, liveCommit(0));
    assertEquals(first, liveCommit(1));
    assertEquals(columns, DjangoBlog.columns(db), "the schema stays as it is");
  }

  private void assertApplied() {
    CliRun apply = capstan("apply");
    assertEquals(0, apply.exitCode(), apply.all());
  }

  private CliRun health() {
    return capstan("status");
  }

  private String commit(int migrations) throws IOException {
    return DjangoBlog.commit(fleet.repo(), migrations);
  }

  private String liveCommit(int host) throws IOException {
    return Files.readString(fleet.deployDir(host).resolve("current/REVISION")).strip();
  }

  private FilePins pins() {
    return new FilePins(stateDir());
  }

  private Path stateDir() {
    return fleet.stateDir();
  }

  private CliRun capstan(String command, String... rest) {
    return fleet.capstanOn("test", command, rest);
  }

  private void writeDesiredState(Path db) throws IOException {
    fleet.writeDesiredState(
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: blog}",
        "spec:",
        "  repository: {url: repo, subPath: app}",
        "  deployPath: " + fleet.deployPath(),
        "  keepReleases: 5",
        "  env: {DATABASE_PATH: \"" + db + "\"}",
        "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt,"
            + " systemSitePackages: true}",
        "  django: {manage: manage.py, collectstatic: false, migrate: true}",
        // The live release's code must be able to read the database it is given.
        "  healthCheck: {command: \"venv/bin/python manage.py shell -c"
            + " 'from blog.models import Post; print(Post.objects.count())'\","
            + " timeoutSeconds: 30, retries: 0}",
        "---",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: test}",
        "spec:",
        "  application: blog",
        "  revision: main",
        "  rollout: {maxParallel: 1}",
        "  hosts: ["
            + Fleet.yamlList(List.of(fleet.hosts().address(0), fleet.hosts().address(1)))
            + "]",
        fleet.sshYaml(),
        "");
  }
}
