package dev.capstan.backup;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.release.HostServices;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.Step;
import dev.capstan.release.StepFailedException;
import dev.capstan.remote.Protocol.Exit;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The backups of one deploy path on one host: take and verify in one round trip, list, prune,
 * restore. Every script loads the app's environment first (an {@code env:} URL is one of its
 * variables) and gets a URL from a file or Secret on standard input only; every message it returns
 * has the URL and its password redacted.
 */
public final class HostBackups {

  private final RemoteHost host;
  private final BackupDatabase database;
  private final BackupSteps steps;
  private final List<String> envFiles;
  private final Map<String, String> env;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param envFiles the app's env files on the host, absolute, as its steps and services read them
   * @param env the app's env (and the host's), as its steps and services get it
   * @param timeout for each round trip
   */
  public HostBackups(
      RemoteHost host,
      ReleaseLayout layout,
      BackupDatabase database,
      List<String> envFiles,
      Map<String, String> env,
      Duration timeout,
      Clock clock) {
    this.host = host;
    this.database = database;
    this.steps = new BackupSteps(layout, database);
    this.envFiles = List.copyOf(envFiles);
    this.env = Map.copyOf(env);
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The backups of {@code layout}, whose steps get the env and env files {@code services} do. */
  public static HostBackups of(
      RemoteHost host,
      ReleaseLayout layout,
      BackupDatabase database,
      HostServices services,
      Duration timeout,
      Clock clock) {
    return new HostBackups(
        host, layout, database, services.stepEnvFiles(), services.stepEnv(), timeout, clock);
  }

  /**
   * Takes a backup for {@code release} at {@code commit} (null: a manual one, of the live release)
   * and, with {@code verify}, verifies it: one round trip. {@link BackupResult#NOTHING_YET} when
   * there is no database yet (a SQLite file before the first migration).
   */
  public BackupResult take(String release, String commit, boolean verify) throws HostException {
    BackupName name = BackupName.of(clock.instant(), release);
    ScriptOutput output = run(steps.takeAndVerify(name, release, commit, verify));
    boolean nothingYet =
        output
            .failure()
            .map(f -> f.exitStatus() != null && f.exitStatus() == Exit.NO_DATABASE_YET.code())
            .orElse(false);
    if (nothingYet) {
      return BackupResult.NOTHING_YET;
    }
    return new BackupResult(lastBackup(output), failure(output));
  }

  /** Verifies backup {@code name} again; its sidecar keeps the new result. */
  public BackupResult verify(BackupName name) throws HostException {
    List<Step> script = new ArrayList<>(steps.connect());
    script.add(steps.verify(name));
    ScriptOutput output = run(script);
    return new BackupResult(lastBackup(output), failure(output));
  }

  /** Every backup with a sidecar, newest first. */
  public List<Backup> list() throws HostException, BackupException {
    ScriptOutput output = run(List.of(steps.list()));
    String failure = failure(output);
    if (failure != null) {
      throw new BackupException(failure);
    }
    List<Backup> backups = new ArrayList<>();
    for (String sidecar : output.all(Marker.BACKUP)) {
      try {
        backups.add(Backup.parse(sidecar));
      } catch (IllegalArgumentException e) {
        throw new BackupException("a sidecar in " + host.name() + " backups/: " + e.getMessage());
      }
    }
    backups.sort(Comparator.comparing(Backup::name).reversed());
    return backups;
  }

  /**
   * Keeps the newest {@code keep} backups and those a release still here may need for its rollback
   * (see {@link BackupRetention}); deletes the others. One round trip to look, one more to delete
   * when there is anything to. The names deleted.
   */
  public List<String> applyRetention(int keep) throws HostException, BackupException {
    ScriptOutput output = run(List.of(steps.list(), steps.known()));
    String failure = failure(output);
    if (failure != null) {
      throw new BackupException(failure);
    }
    List<Backup> backups = new ArrayList<>();
    for (String sidecar : output.all(Marker.BACKUP)) {
      backups.add(Backup.parse(sidecar));
    }
    backups.sort(Comparator.comparing(Backup::name).reversed());
    List<java.util.Set<String>> known = new ArrayList<>();
    for (String record : output.all(Marker.RELEASE_MIGRATIONS)) {
      String[] fields = record.strip().split(" ", 2);
      if (fields.length == 2) {
        known.add(
            dev.capstan.migrations.KnownMigrations.parse(fields[1]).migrations().stream()
                .map(m -> m.key().toString())
                .collect(java.util.stream.Collectors.toSet()));
      }
    }
    return prune(BackupRetention.toDelete(backups, keep, known));
  }

  /** Deletes these backups (their files in {@code backups/}, nothing else); the names deleted. */
  public List<String> prune(List<BackupName> names) throws HostException, BackupException {
    if (names.isEmpty()) {
      return List.of();
    }
    ScriptOutput output = run(List.of(steps.prune(names)));
    String failure = failure(output);
    if (failure != null) {
      throw new BackupException(failure);
    }
    return output.all(Marker.BACKUP_PRUNED);
  }

  /**
   * Puts backup {@code name} in place of the live database, after taking and verifying a manual
   * backup of what it replaces; one round trip. The services must be stopped around it (the
   * caller's job): nothing here stops or starts them.
   */
  public RestoreResult restore(BackupName name) throws HostException {
    BackupName now = BackupName.of(clock.instant(), null);
    // A restore of a manual backup taken this very second must not overwrite it.
    BackupName replaced =
        now.equals(name) ? BackupName.of(clock.instant().plusSeconds(1), null) : now;
    List<Step> script = new ArrayList<>(steps.connect());
    script.add(steps.take(replaced, null, null));
    script.add(steps.verify(replaced));
    script.add(steps.restore(name));
    ScriptOutput output = run(script);
    Backup safety =
        output.all(Marker.BACKUP).stream()
            .map(Backup::parse)
            .filter(b -> b.name().equals(replaced.value()))
            .reduce((first, second) -> second)
            .orElse(null);
    boolean restored = output.all(Marker.BACKUP_RESTORED).contains(name.value());
    return new RestoreResult(safety, restored ? name : null, failure(output));
  }

  /**
   * The URL to send as the standard input of a script with {@link BackupSteps#connect}; or null.
   */
  public static InputStream urlInput(BackupDatabase database) {
    return database.url() == null
        ? null
        : new ByteArrayInputStream((database.url() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private ScriptOutput run(List<Step> script) throws HostException {
    RemoteScript remote = RemoteScript.create().environment(envFiles, env);
    for (Step step : script) {
      remote.builtin(step.name(), step.command(), step.call());
    }
    return remote.run(host, urlInput(database), timeout);
  }

  private static Backup lastBackup(ScriptOutput output) {
    return output.last(Marker.BACKUP).map(Backup::parse).orElse(null);
  }

  /** Null when the script succeeded; else its failing step, described, with the URL redacted. */
  private String failure(ScriptOutput output) {
    if (output.succeeded()) {
      return null;
    }
    String text =
        output
            .failure()
            .map(StepFailedException::describe)
            .orElseGet(
                () -> "exit status " + output.exitStatus() + ": " + output.stderrTail(3).strip());
    return database.redact(text);
  }
}
