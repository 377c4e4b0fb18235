package dev.capstan.reconcile;

import dev.capstan.backup.BackupDatabase;
import dev.capstan.backup.BackupException;
import dev.capstan.backup.BackupResult;
import dev.capstan.backup.HostBackups;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.Application;
import dev.capstan.model.BackupSpec;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.release.HostServices;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.ReleaseLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Application's database backups on the host that migrates, as rollouts, rollbacks and the
 * commands use them: one backup taken and verified (as {@code backup.verify} says), then the
 * retention applied. A failure is a message naming the step, its exit status and its own output,
 * never the database's URL.
 */
final class DatabaseBackups {

  private final HostBackups backups;
  private final BackupSpec spec;
  private final String host;
  private final ProgressListener progress;

  private DatabaseBackups(
      HostBackups backups, BackupSpec spec, String host, ProgressListener progress) {
    this.backups = backups;
    this.spec = spec;
    this.host = host;
    this.progress = progress;
  }

  /**
   * The backups of {@code application} on {@code connection}, with the env its steps get; null when
   * the Application configures none.
   *
   * @param url the database URL read on the controller (null: none, or from the host's env)
   */
  static DatabaseBackups on(
      RemoteHost connection,
      Application application,
      Environment environment,
      HostAddress address,
      String url,
      Duration timeout,
      Clock clock,
      ProgressListener progress) {
    BackupSpec spec = application.spec().backup();
    if (spec == null) {
      return null;
    }
    HostSpec hostSpec = environment.spec().hostSpec(address);
    ReleaseLayout layout = new ReleaseLayout(application.spec().deployPath());
    HostServices env = HostServices.of(application.spec(), hostSpec);
    HostBackups backups =
        new HostBackups(
            connection,
            layout,
            BackupDatabase.of(application.spec(), url),
            env.stepEnvFiles(),
            Map.copyOf(env.stepEnv()),
            timeout,
            clock);
    return new DatabaseBackups(backups, spec, connection.name(), progress);
  }

  BackupSpec spec() {
    return spec;
  }

  HostBackups host() {
    return backups;
  }

  /**
   * Takes a backup for {@code release} at {@code commit} (null for a manual one), verifies it as
   * configured, then deletes what retention lets go: the result, its failure saying why.
   */
  BackupResult backUp(String release, String commit, String why) throws HostException {
    progress.progress(host, "backing up the database " + why);
    long started = System.nanoTime();
    BackupResult result = backups.take(release, commit, spec.verify());
    if (result.nothingYet()) {
      progress.progress(host, "no database yet: nothing to back up");
      return result;
    }
    if (result.failure() != null) {
      return result;
    }
    progress.progress(
        host,
        "backup "
            + result.backup().name()
            + (spec.verify() ? " taken and verified" : " taken")
            + " in "
            + dev.capstan.model.DurationText.format(Duration.ofNanos(System.nanoTime() - started)));
    try {
      List<String> pruned = backups.applyRetention(spec.keep());
      if (!pruned.isEmpty()) {
        progress.progress(host, "removed older backups: " + String.join(", ", pruned));
      }
    } catch (BackupException e) {
      progress.progress(host, "could not apply backup retention: " + e.getMessage());
    }
    return result;
  }
}
