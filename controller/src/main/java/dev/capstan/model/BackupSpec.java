package dev.capstan.model;

/**
 * How an Application's database is backed up on the host that migrates: which database, whether a
 * migration waits for a fresh verified backup, how many are kept and when the controller takes one.
 *
 * @param database what is backed up
 * @param beforeMigrate whether no migration runs without a fresh backup that verified
 * @param keep backups kept (at least 1), plus any a retained release may need for its rollback
 * @param verify whether each backup is restored into a scratch database and checked
 * @param schedule a five-field cron expression (UTC) the controller takes one on; null for none
 */
public record BackupSpec(
    Database database, boolean beforeMigrate, int keep, boolean verify, String schedule) {

  public static final int DEFAULT_KEEP = 7;

  /** The database engines a backup knows how to dump, verify and restore. */
  public enum Engine {
    POSTGRESQL,
    SQLITE,
    /** Whichever of the two the Django settings' {@code DATABASES[alias]} names, on the host. */
    DJANGO;

    /** The engine as the YAML and the remote scripts spell it. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The database: a PostgreSQL {@code url}, a SQLite file at {@code path} under {@code shared/}, or
   * (engine {@code django}) the entry {@code alias} of the app's own {@code DATABASES} setting,
   * read on the host; the others are null.
   */
  public record Database(Engine engine, DatabaseUrl url, String path, String alias) {

    /** A PostgreSQL or SQLite database named in the YAML itself. */
    public Database(Engine engine, DatabaseUrl url, String path) {
      this(engine, url, path, null);
    }
  }

  /**
   * Where a PostgreSQL URL comes from: a secret the controller reads (a file, or a Kubernetes
   * Secret) or {@code env}, the name of a variable of the app's env or env files on the host.
   * Exactly one is set.
   */
  public record DatabaseUrl(SecretSource secret, String env) {}
}
