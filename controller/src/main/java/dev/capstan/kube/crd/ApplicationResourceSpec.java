package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Map;

/**
 * An Application's spec in the shape of the YAML document; see the package documentation for why it
 * mirrors rather than wraps the model. Absent fields stay null so the loader applies its defaults.
 * Each field's description is what {@code kubectl explain capp.spec} shows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationResourceSpec(
    @Required @JsonPropertyDescription("The Git repository the releases are built from.")
        Repository repository,
    @Required
        @Pattern(ABSOLUTE_PATH)
        @JsonPropertyDescription(
            "Absolute, normalized path on every host under which current, releases/ and shared/"
                + " live, like /var/www/app.")
        String deployPath,
    @Min(1)
        @JsonPropertyDescription(
            "Complete releases kept per host (default 5); the live one is never pruned.")
        Integer keepReleases,
    @JsonPropertyDescription(
            "Files and folders that live in <deployPath>/shared and are linked into every"
                + " release.")
        Shared shared,
    @JsonPropertyDescription("A virtualenv per release (or shared by releases), made at build.")
        Python python,
    @JsonPropertyDescription("The Django preset: collectstatic at build, migrate once per rollout.")
        Django django,
    @JsonPropertyDescription(
            "Shell commands run in the new release folder, in order; nothing live changes.")
        List<String> build,
    @JsonPropertyDescription(
            "Shell commands run once per rollout, on the first host to switch, before any"
                + " switch.")
        List<String> migrate,
    @JsonPropertyDescription(
            "Shell commands run on each host right after its switch (reload the app server).")
        List<String> activate,
    @JsonPropertyDescription(
            "The command that proves a switched release serves; exit status 0 means healthy.")
        HealthCheck healthCheck,
    @JsonPropertyDescription(
            "Whether a failed health check switches back to the release live before (default"
                + " true).")
        Boolean rollbackOnFailure,
    @JsonPropertyDescription("Environment variables exported to every step and service.")
        Map<String, String> env,
    @JsonPropertyDescription(
            "Files under shared/ in KEY=VALUE form, exported to every step and service.")
        List<String> envFiles,
    @JsonPropertyDescription(
            "Files written into <deployPath>/shared/ with mode 0600, their content never logged.")
        List<ConfigFile> configFiles,
    @JsonPropertyDescription(
            "Long-running processes by name, each run from the live release and restarted by a"
                + " switch.")
        Map<String, ServiceResourceSpec> services,
    @JsonPropertyDescription(
            "What runs the services: supervisord, systemd, or auto (systemd where it is PID 1,"
                + " else supervisord; the default).")
        Supervisor supervisor,
    @JsonPropertyDescription(
            "Shell commands run on each host just before its switch (take it out of a load"
                + " balancer).")
        List<String> beforeSwitch,
    @JsonPropertyDescription(
            "Backups of the app's database on the host that migrates, in <deployPath>/backups/,"
                + " each verified by a restore into a scratch database.")
        Backup backup,
    @JsonPropertyDescription(
            "What each live release depends on: where newer versions are looked up, OSV advisories"
                + " matched, and what must pass before an upgrade is proposed.")
        Upkeep upkeep) {

  /** A spec with no upkeep. */
  public ApplicationResourceSpec(
      Repository repository,
      String deployPath,
      Integer keepReleases,
      Shared shared,
      Python python,
      Django django,
      List<String> build,
      List<String> migrate,
      List<String> activate,
      HealthCheck healthCheck,
      Boolean rollbackOnFailure,
      Map<String, String> env,
      List<String> envFiles,
      List<ConfigFile> configFiles,
      Map<String, ServiceResourceSpec> services,
      Supervisor supervisor,
      List<String> beforeSwitch,
      Backup backup) {
    this(
        repository,
        deployPath,
        keepReleases,
        shared,
        python,
        django,
        build,
        migrate,
        activate,
        healthCheck,
        rollbackOnFailure,
        env,
        envFiles,
        configFiles,
        services,
        supervisor,
        beforeSwitch,
        backup,
        null);
  }

  /** Upkeep: index, advisories, interval and the upgrade's test. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Upkeep(
      @JsonPropertyDescription(
              "Where newer versions are looked up from the host: {url} of a PEP 503 simple index"
                  + " or {findLinks} folder.")
          UpkeepIndex index,
      @JsonPropertyDescription("{dir}: OSV advisory records (JSON, or osv.dev's all.zip).")
          UpkeepAdvisories advisories,
      @JsonPropertyDescription("How often the index is asked: 24h (the default), 30m, …")
          IntOrString interval,
      @JsonPropertyDescription("Commands that must pass before an upgrade is committed.")
          List<String> test) {}

  /** Exactly one of url and findLinks. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UpkeepIndex(
      @JsonPropertyDescription("An http(s) PEP 503 simple index URL.") String url,
      @JsonPropertyDescription("A folder of wheels on the host.") String findLinks) {}

  /** Where the advisories are. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UpkeepAdvisories(
      @Required @JsonPropertyDescription("A folder or zip of OSV records.") String dir) {}

  /** What the schema can say of deployPath; the loader also refuses "." and ".." segments. */
  public static final String ABSOLUTE_PATH = "^(/[A-Za-z0-9._-]+)+$";

  /** The Git repository. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Repository(
      @Required
          @JsonPropertyDescription(
              "https, ssh or file:// URL of the repository (or a path, in file mode).")
          String url,
      @JsonPropertyDescription(
              "A folder of the repository to deploy instead of the whole tree (default: all).")
          String subPath,
      @JsonPropertyDescription(
              "How to authenticate to the repository: a secretRef to a Secret holding the key"
                  + " or token.")
          SecretSourceSpec credentials,
      @JsonPropertyDescription(
              "How often a branch revision is looked up for new commits: 30s, 5m, 1h or"
                  + " seconds (default 60s).")
          IntOrString pollInterval) {}

  /** Files and folders in {@code <deployPath>/shared} linked into every release. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Shared(
      @JsonPropertyDescription("Files under shared/, relative paths like .env.") List<String> files,
      @JsonPropertyDescription("Folders under shared/, relative paths like media or logs.")
          List<String> dirs) {}

  /** The releases' virtualenv, shared by releases with the same key unless turned off. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Python(
      @JsonPropertyDescription(
              "The Python that creates the virtualenv: a name on PATH or an absolute path"
                  + " (default python3).")
          String interpreter,
      @JsonPropertyDescription(
              "Requirements file relative to the release, installed with pip (default"
                  + " requirements.txt; empty for none).")
          String requirements,
      @JsonPropertyDescription(
              "Whether the virtualenv sees the interpreter's site-packages (default false).")
          Boolean systemSitePackages,
      @JsonPropertyDescription(
              "Whether releases with the same interpreter and requirements share one"
                  + " virtualenv under <deployPath>/venvs (default true).")
          Boolean shareVirtualenvs) {}

  /** The Django preset. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Django(
      @JsonPropertyDescription("Path of manage.py relative to the release (default manage.py).")
          String manage,
      @JsonPropertyDescription("Whether the build runs collectstatic (default true).")
          Boolean collectstatic,
      @JsonPropertyDescription("Whether each rollout runs migrate (default true).")
          Boolean migrate) {}

  /** The command that proves a switched release serves. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HealthCheck(
      @Required
          @JsonPropertyDescription("Shell command run in the live release; exit 0 is healthy.")
          String command,
      @Min(1) @JsonPropertyDescription("Time limit of one attempt, in seconds (default 30).")
          Integer timeoutSeconds,
      @Min(0) @JsonPropertyDescription("Attempts after the first failing one (default 3).")
          Integer retries,
      @Min(0) @JsonPropertyDescription("Pause between attempts, in seconds (default 1).")
          Integer intervalSeconds) {}

  /** A file written into {@code <deployPath>/shared/}: its path there and where its content is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConfigFile(
      @Required @JsonPropertyDescription("The path under shared/, like .env.") String path,
      @Required
          @JsonPropertyDescription(
              "Where the content is: a secretRef to a Secret key in this namespace (or a file in"
                  + " the controller's container).")
          SecretSourceSpec source) {}

  /** Backups of the app's database, taken on the host that migrates. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Backup(
      @Required @JsonPropertyDescription("The database backed up.") BackupDatabase database,
      @JsonPropertyDescription(
              "Whether no migration runs without a fresh backup that verified (default true).")
          Boolean beforeMigrate,
      @Min(1)
          @JsonPropertyDescription(
              "Backups kept (default 7), plus any a retained release may need for its rollback.")
          Integer keep,
      @JsonPropertyDescription(
              "Whether each backup is restored into a scratch database and checked (default"
                  + " true).")
          Boolean verify,
      @JsonPropertyDescription(
              "A five-field cron expression (UTC) on which the controller takes a backup, like"
                  + " \"0 3 * * *\".")
          String schedule) {}

  /**
   * The database of {@link Backup}: PostgreSQL at a URL, a SQLite file under shared/, or the one
   * the Django settings name.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BackupDatabase(
      @Required
          @JsonPropertyDescription(
              "postgresql, sqlite, or django: whichever DATABASES[alias] of the app's settings"
                  + " names, read on the host with manage.py (needs the django preset).")
          BackupEngine engine,
      @JsonPropertyDescription(
              "PostgreSQL: where the URL is, a secretRef (or a file in the controller's"
                  + " container), or env: a variable of the app's env or envFiles.")
          BackupUrl url,
      @JsonPropertyDescription("SQLite: the database's path under shared/, like var/db.sqlite3.")
          String path,
      @JsonPropertyDescription("django: the key of DATABASES (default \"default\").")
          String alias) {}

  /** Where a PostgreSQL URL is: exactly one of file, secretRef or env. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BackupUrl(
      @JsonPropertyDescription("A file on the controller's machine (file mode).") String file,
      @JsonPropertyDescription("A key of a Secret in this namespace (Kubernetes mode).")
          SecretSourceSpec.SecretRef secretRef,
      @JsonPropertyDescription("The name of a variable of the app's env or envFiles on the host.")
          String env) {}

  /** The engines a backup knows; the constants are the values as written, hence lower case. */
  public enum BackupEngine {
    postgresql,
    sqlite,
    django
  }

  /** What runs the services; the constants are the values as written, hence lower case. */
  public enum Supervisor {
    supervisord,
    systemd,
    auto
  }
}
