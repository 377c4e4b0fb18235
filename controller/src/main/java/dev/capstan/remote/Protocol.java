package dev.capstan.remote;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every name and number of the protocol between Capstan and the scripts it runs on hosts: the
 * markers of the records they print, and their exit codes. The shell in {@code
 * dev/capstan/remote/*.sh} prints these markers and gets these codes as {@code EX_*} variables.
 */
public final class Protocol {

  /** Lines of a step's standard output and error sent back when it fails. */
  public static final int TAIL_LINES = 15;

  /**
   * What each line of a step's output sent back starts with, so none can pass for a record; it
   * reaches a sed replacement, so no {@code /}, {@code &} or backslash.
   */
  static final String DATA_PREFIX = "|";

  /** Folder of shared virtualenvs, relative to the deploy path. */
  public static final String VENV_DIR = "venvs";

  /** Written into a shared virtualenv once its requirements are installed. */
  public static final String VENV_COMPLETE_MARK = ".capstan-complete";

  private Protocol() {}

  /** The kinds of record: each a line {@code <tag> <marker> <arguments>}. */
  public enum Marker {
    /** The host's clock, in epoch seconds. */
    NOW("now"),
    /** The target of {@code current}. */
    CURRENT("current"),
    /** A release folder's name and its {@code release.json} on one line. */
    RELEASE("release"),
    /** The lock's owner file: expiry and holder. */
    LOCK("lock"),
    /** This command took the lock. */
    LOCK_ACQUIRED("lock-acquired"),
    /** A release still on the host that {@code current} was switched to once. */
    WAS_LIVE("was-live"),
    /** A shared path the live release does not link. */
    UNLINKED("unlinked"),
    /** A release whose virtualenv lost its interpreter or completion mark. */
    VENV_BROKEN("venv-broken"),
    /** What became of a build's shared virtualenv: {@code reused|built <key>}. */
    VIRTUALENV("virtualenv"),
    /** A step ended: its index and exit status. */
    STEP_EXIT("step-exit"),
    /** The tail of a step's stream follows: its index and {@code out} or {@code err}. */
    TAIL_BEGIN("tail-begin"),
    /** The tail of a step's stream ended. */
    TAIL_END("tail-end"),
    /** A config file under {@code shared/}: its path and the SHA-256 of its content. */
    CONFIG_FILE("config-file"),
    /** One digest of the env and config files' content, as a service launcher computes it. */
    FILES_DIGEST("files-digest"),
    /**
     * A line of {@code revisions.log}, as it is (at most 1000 characters), for the history command:
     * {@code TIME ENVIRONMENT COMMIT RELEASE [by="WHO"] [reason="WHY"]}.
     */
    REVISION("revision"),
    /**
     * The release a rollback picked on the host: its name, its commit, and the release live before
     * it ({@code -}: none).
     */
    ROLLBACK_TARGET("rollback-target"),

    // Services (dev.capstan.services, remote/services.sh): one block, kept together.

    /** This command started the deploy path's supervisord: its pid. */
    SUPERVISOR_STARTED("supervisor-started"),
    /** A supervisor's file was missing or differed and was written: its path. */
    SERVICE_FILE_WRITTEN("service-file-written"),
    /**
     * A process as the supervisor sees it: its name, state ({@code RUNNING}…) and pid (0: none).
     */
    SERVICE_PROCESS("service-process"),
    /**
     * A process of a service or one of its descendants: the supervisor's name of the service
     * process it descends from, pid, start time (clock ticks since boot, from {@code
     * /proc/PID/stat}), then the {@code CAPSTAN_RELEASE}, {@code CAPSTAN_SERVICE_DIGEST} and {@code
     * CAPSTAN_FILES_DIGEST} in its environment ({@code -}: none).
     */
    SERVICE_PID("service-pid"),
    /**
     * What runs services on the host ({@code capstan_svc_init}): {@code systemd} when systemd is
     * the init, else {@code none}; then the uid, name and home folder of the deploy user.
     */
    SERVICE_INIT("service-init"),
    /** A line of a service's own log (a file's or the journal's), as it was. */
    SERVICE_LOG("service-log"),

    // The Django preset (remote/django.sh).

    /**
     * What a release lacks of the migrations applied to the database, and how {@code migrate} would
     * reverse them: the JSON of {@code django_migrations.py}'s check, on one line.
     */
    DJANGO_MIGRATIONS("django-migrations"),

    // Backups (dev.capstan.backup, remote/backup.sh): one block, kept together.

    /** A backup's sidecar, the JSON of {@code backups/<name>.json} on one line. */
    BACKUP("backup"),
    /** A backup's files were deleted from {@code backups/}: its name. */
    BACKUP_PRUNED("backup-pruned"),
    /** A backup was put in place of the live database: its name. */
    BACKUP_RESTORED("backup-restored"),
    /** A release's recorded migrations: its name and its {@code migrations.json} on one line. */
    RELEASE_MIGRATIONS("release-migrations"),

    // Python packages (dev.capstan.release.PackageSteps, remote/packages.sh).

    /**
     * A release's recorded packages: its name and its {@code packages.json} on one line, or {@code
     * -} when it has none (built before Capstan recorded them).
     */
    RELEASE_PACKAGES("release-packages"),
    /** What a package index offers: the JSON of {@code packages.py index}, on one line. */
    PACKAGE_INDEX("package-index");

    private final String wire;

    Marker(String wire) {
      this.wire = wire;
    }

    /** The marker as the scripts print it. */
    public String wire() {
      return wire;
    }

    static Optional<Marker> fromWire(String wire) {
      return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst();
    }
  }

  /** Exit codes of the scripts, beyond 0 and a failing step's or health check's own. */
  public enum Exit {
    /** The deploy path or its bookkeeping folder cannot be entered or written. */
    NO_DEPLOY_PATH(3),
    /** A shared file the release links is missing from {@code shared/}. */
    SHARED_FILE_MISSING(4),
    /** A switch to a release whose {@code release.json} does not say complete. */
    RELEASE_INCOMPLETE(5),
    /** The new {@code current} link could not be made or renamed into place. */
    SWITCH_FAILED(6),
    /** A rollback found no release to go back to on the host; stderr says why. */
    NO_ROLLBACK_TARGET(7),
    /**
     * A rollback stopped before its switch: the database has migrations the release it picked lacks
     * (the {@code django-migrations} record says which).
     */
    MIGRATIONS_TO_REVERSE(8),
    /** Nothing was done: another holder has the lock, or took the release's name. */
    BUSY(75),
    /** A step failed; its {@link Marker#STEP_EXIT} record has its own status. */
    STEP_FAILED(90),
    /** No folder for the steps' output could be made. */
    NO_TEMP_DIR(96),
    /** The release folder could not be entered. */
    ENTER_FAILED(97),

    // Services (dev.capstan.services, remote/services.sh): one block, kept together.

    /** supervisord or supervisorctl is not installed on the host. */
    NO_SUPERVISOR(40),
    /** The deploy path's supervisord could not be started, or does not answer. */
    SUPERVISOR_FAILED(41),
    /** A supervisor's file could not be written into place. */
    SERVICE_FILE_FAILED(42),
    /** supervisorctl refused an action: a program did not start, stop or restart. */
    SERVICE_FAILED(43),

    // Backups (dev.capstan.backup, remote/backup.sh): one block, kept together.

    /** A database program (pg_dump, pg_restore, psql, sqlite3) is not installed on the host. */
    NO_DATABASE_TOOL(50),
    /** A backup failed verification, or cannot be restored: stderr and its sidecar say why. */
    BACKUP_UNVERIFIED(51),
    /** No backup of that name is in {@code backups/}. */
    NO_SUCH_BACKUP(52),
    /** There is no database to back up yet (a SQLite file before the first migration). */
    NO_DATABASE_YET(53);

    private final int code;

    Exit(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The shell variable the scripts read it from. */
    String variable() {
      return "EX_" + name();
    }
  }
}
