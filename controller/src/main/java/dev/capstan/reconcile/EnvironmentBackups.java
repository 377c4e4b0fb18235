package dev.capstan.reconcile;

import dev.capstan.backup.Backup;
import dev.capstan.backup.BackupException;
import dev.capstan.backup.BackupName;
import dev.capstan.backup.BackupResult;
import dev.capstan.backup.RestoreResult;
import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.release.HostObserver;
import dev.capstan.release.HostServices;
import dev.capstan.release.ObservedRelease;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.remote.RemoteScript;
import dev.capstan.services.ServiceDriver;
import dev.capstan.services.ServiceDrivers;
import dev.capstan.services.ServiceException;
import java.util.List;

/**
 * {@code capstan backup}, {@code backups} and {@code restore}: the Environment's database backups
 * on its migrating host (the first with role {@code migrate}, else the first host), where rollouts
 * take them.
 */
public final class EnvironmentBackups {

  /** One host's answer: what came of it, or why it could not be asked. */
  public record Taken(String host, BackupResult result) {}

  /** The backups of the migrating host, newest first. */
  public record Listed(String host, List<Backup> backups) {}

  /**
   * A restore: how it went, and whether the services came back on the live release.
   *
   * @param services null when they run again (or there are none), else why not
   */
  public record Restored(String host, RestoreResult result, String services) {}

  private final HostConnector connector;
  private final Credentials credentials;
  private final Rollout.Settings settings;

  EnvironmentBackups(HostConnector connector, Credentials credentials, Rollout.Settings settings) {
    this.connector = connector;
    this.credentials = credentials;
    this.settings = settings;
  }

  /** Takes and verifies a backup now, then applies retention. */
  public Taken backUp(DesiredState state, Environment environment, ProgressListener progress)
      throws Credentials.CredentialsException, HostException {
    Application application = state.applicationOf(environment);
    HostAddress address = environment.spec().migratingHost();
    try (RemoteHost host = connector.open(address, credentials.ssh(environment))) {
      return new Taken(
          address.toString(),
          backups(host, application, environment, address, progress).backUp(null, null, "now"));
    }
  }

  /** Every backup of the migrating host, with its sidecar. */
  public Listed list(DesiredState state, Environment environment)
      throws Credentials.CredentialsException, HostException, BackupException {
    Application application = state.applicationOf(environment);
    HostAddress address = environment.spec().migratingHost();
    try (RemoteHost host = connector.open(address, credentials.ssh(environment))) {
      return new Listed(
          address.toString(),
          backups(host, application, environment, address, ProgressListener.NONE).host().list());
    }
  }

  /**
   * Stops the services, puts backup {@code name} in place of the live database (after a verified
   * backup of what it replaces), then starts the services on the live release again, whatever
   * became of the restore.
   */
  public Restored restore(
      DesiredState state, Environment environment, BackupName name, ProgressListener progress)
      throws Credentials.CredentialsException, HostException {
    Application application = state.applicationOf(environment);
    HostAddress address = environment.spec().migratingHost();
    try (RemoteHost host = connector.open(address, credentials.ssh(environment))) {
      DatabaseBackups backups = backups(host, application, environment, address, progress);
      Services services = services(host, application, environment, address);
      String stopped = services.stop(progress);
      if (stopped != null) {
        return new Restored(address.toString(), null, stopped);
      }
      progress.progress(address.toString(), "restoring " + name.value());
      RestoreResult result = backups.host().restore(name);
      return new Restored(address.toString(), result, services.start(progress));
    }
  }

  private DatabaseBackups backups(
      RemoteHost host,
      Application application,
      Environment environment,
      HostAddress address,
      ProgressListener progress)
      throws Credentials.CredentialsException {
    DatabaseBackups backups =
        DatabaseBackups.on(
            host,
            application,
            environment,
            address,
            credentials.databaseUrl(application, environment),
            settings.timeouts().build(),
            settings.clock(),
            progress);
    if (backups == null) {
      throw new Credentials.CredentialsException(
          "application " + application.name() + " sets no backup: add spec.backup.database");
    }
    return backups;
  }

  /** The host's services around a restore: stopped before, rolled onto the live release after. */
  private Services services(
      RemoteHost host, Application application, Environment environment, HostAddress address)
      throws HostException {
    ReleaseLayout layout = new ReleaseLayout(application.spec().deployPath());
    HostServices services =
        HostServices.of(application.spec(), environment.spec().hostSpec(address));
    if (services.names().isEmpty()) {
      return new Services(host.name(), null, null, null, null);
    }
    ServiceDrivers.HostInit init =
        ServiceDrivers.HostInit.parse(
                RemoteScript.create()
                    .append(ServiceDrivers.init())
                    .run(host, settings.timeouts().quick()))
            .orElse(new ServiceDrivers.HostInit(false, null));
    String live =
        HostObserver.observe(host, layout, application.spec().shared())
            .live()
            .map(ObservedRelease::name)
            .orElse(null);
    try {
      ServiceDriver driver =
          ServiceDrivers.choose(
              application.spec().runtime().supervisor(),
              init.systemdRuns(),
              host,
              layout.deployPath(),
              settings.timeouts().quick(),
              init.account());
      return new Services(host.name(), services.withDriver(driver), driver, live, null);
    } catch (ServiceException e) {
      return new Services(host.name(), null, null, null, "services: " + e.getMessage());
    }
  }

  /**
   * A host's services as a restore stops and starts them: none when {@code driver} is null, and
   * {@code problem} says why when that is because no driver could be had.
   */
  private record Services(
      String host, HostServices services, ServiceDriver driver, String live, String problem) {

    String stop(ProgressListener progress) throws HostException {
      if (driver == null) {
        return problem;
      }
      progress.progress(host, "stopping " + String.join(", ", services.names()));
      try {
        driver.shutdown();
        return null;
      } catch (ServiceException e) {
        return "the services would not stop, nothing was restored: " + e.getMessage();
      }
    }

    String start(ProgressListener progress) throws HostException {
      if (driver == null || live == null) {
        return null;
      }
      progress.progress(host, "starting " + String.join(", ", services.names()) + " on " + live);
      try {
        driver.roll(services.plan(live), services.settle());
        return null;
      } catch (ServiceException e) {
        return "the services did not come back: " + e.getMessage();
      }
    }
  }
}
