package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.migrations.MigrationPlan;
import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.release.HostLock;
import dev.capstan.release.HostRollback;
import dev.capstan.release.HostServices;
import dev.capstan.release.MigrationSteps;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.Recipe;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.RollbackOutcome;
import dev.capstan.release.RollbackTarget;
import dev.capstan.release.SwitchedBy;
import java.time.Duration;

/**
 * One rollback's work on each host of an Environment: connects, waits while another deployer holds
 * the lock, and on the migrating host deals with the migrations the release lacks first (reversed
 * from the live release, or the rollback refused), as {@link EnvironmentRollback} asks.
 */
final class HostRollbacks {

  /** Waited between tries while another deployer holds a host's lock. */
  private static final Duration BUSY_PAUSE = Duration.ofMillis(500);

  private final HostConnector connector;
  private final SshCredentials ssh;
  private final Environment environment;
  private final Application application;
  private final Recipe recipe;
  private final ReleaseLayout layout;
  private final Rollout.Settings settings;
  private final ProgressListener progress;
  private final MigrationSteps migrations;
  private final String databaseUrl;

  /**
   * @param databaseUrl the backup's database URL read on the controller, or null (a secret)
   */
  HostRollbacks(
      HostConnector connector,
      SshCredentials ssh,
      Environment environment,
      Application application,
      Rollout.Settings settings,
      ProgressListener progress,
      String databaseUrl) {
    this.databaseUrl = databaseUrl;
    this.connector = connector;
    this.ssh = ssh;
    this.environment = environment;
    this.application = application;
    this.recipe = Recipe.of(application.spec());
    this.layout = new ReleaseLayout(application.spec().deployPath());
    this.settings = settings;
    this.progress = progress;
    this.migrations =
        application.spec().django() != null && application.spec().django().migrate()
            ? new MigrationSteps(recipe, application.spec().django())
            : null;
  }

  /**
   * The host whose rollback deals with the database's migrations, alone and before any other
   * switches: the first with role {@code migrate}, else the first host; null when the app migrates
   * no Django database.
   */
  HostAddress migrating() {
    return migrations == null ? null : environment.spec().migratingHost();
  }

  /** Rolls {@code address} back; on the migrating host, its migrations first. */
  RollbackReport.Host rollBack(
      HostAddress address, RollbackTarget target, SwitchedBy by, boolean allowIrreversible) {
    boolean migrates = address.equals(migrating());
    try (RemoteHost host = connector.open(address, ssh)) {
      HostRollback rollback = hostRollback(host, address, true);
      RollbackOutcome outcome = untilUnlocked(rollback, target, by, migrates);
      if (outcome.result() != RollbackOutcome.Result.MIGRATIONS_TO_REVERSE) {
        return new RollbackReport.Host(address.toString(), outcome, null, null);
      }
      MigrationPlan plan = MigrationPlan.classify(outcome.migrations(), allowIrreversible);
      if (plan.refuses()) {
        return new RollbackReport.Host(address.toString(), outcome, null, plan);
      }
      String unsaved = backUp(host, address, outcome);
      if (unsaved != null) {
        return new RollbackReport.Host(
            address.toString(),
            outcome,
            "no migration is reversed without a verified backup, nothing was switched: " + unsaved,
            plan);
      }
      String failed = rollback.reverse(plan.reversals());
      if (failed != null) {
        return new RollbackReport.Host(
            address.toString(),
            outcome,
            "reversing the migrations failed, nothing was switched: " + failed,
            plan);
      }
      // The same release again; left as they are, irreversible migrations would stop it again.
      RollbackTarget same = RollbackTarget.release(outcome.release());
      return new RollbackReport.Host(
          address.toString(),
          untilUnlocked(rollback, same, by, plan.leftAsIs().isEmpty()),
          null,
          plan);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RollbackReport.Host(address.toString(), null, "interrupted", null);
    } catch (Exception e) {
      return new RollbackReport.Host(address.toString(), null, e.getMessage(), null);
    }
  }

  /** A backup before reversing migrations, when the Application has backups: null when done. */
  private String backUp(RemoteHost host, HostAddress address, RollbackOutcome outcome)
      throws Exception {
    DatabaseBackups backups =
        DatabaseBackups.on(
            host,
            application,
            environment,
            address,
            databaseUrl,
            settings.timeouts().build(),
            settings.clock(),
            progress);
    if (backups == null) {
      return null;
    }
    return backups
        .backUp(
            outcome.left(),
            null,
            "before reversing migrations for the rollback to " + outcome.release())
        .failure();
  }

  /** What {@code address} would pick, and on the migrating host what its migrations need. */
  RollbackReport.Host preview(
      HostAddress address, RollbackTarget target, boolean allowIrreversible) {
    try (RemoteHost host = connector.open(address, ssh)) {
      RollbackOutcome outcome =
          hostRollback(host, address, false).preview(target, address.equals(migrating()));
      MigrationPlan plan =
          outcome.migrations() == null
              ? null
              : MigrationPlan.classify(outcome.migrations(), allowIrreversible);
      return new RollbackReport.Host(address.toString(), outcome, null, plan);
    } catch (Exception e) {
      return new RollbackReport.Host(address.toString(), null, e.getMessage(), null);
    }
  }

  private RollbackOutcome untilUnlocked(
      HostRollback rollback, RollbackTarget target, SwitchedBy by, boolean checkMigrations)
      throws Exception {
    long deadline = settings.clock().millis() + settings.lockWait().toMillis();
    while (true) {
      RollbackOutcome outcome = rollback.rollBack(target, by, checkMigrations);
      if (outcome.result() != RollbackOutcome.Result.BUSY
          || settings.clock().millis() >= deadline) {
        return outcome;
      }
      Thread.sleep(BUSY_PAUSE.toMillis());
    }
  }

  private HostRollback hostRollback(RemoteHost host, HostAddress address, boolean locks) {
    RuntimeSpec runtime = application.spec().runtime();
    HostSpec spec = environment.spec().hostSpec(address);
    HostServices services =
        runtime.equals(RuntimeSpec.NONE) && spec.env().isEmpty()
            ? null
            : HostServices.of(application.spec(), spec);
    // The lease lasts as long as the one command may: nobody renews it while that runs.
    Duration command = HostRollback.timeout(recipe, settings.timeouts());
    Duration lease = command.compareTo(settings.lease()) > 0 ? command : settings.lease();
    return new HostRollback(
        host,
        layout,
        recipe,
        environment.name(),
        settings.timeouts(),
        progress,
        services,
        locks ? new HostLock(host, layout, settings.lockHolder(), lease) : null,
        migrations);
  }
}
