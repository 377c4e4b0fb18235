package dev.capstan.backup;

import dev.capstan.model.BackupSpec;
import dev.capstan.model.BackupSpec.Engine;
import java.util.Objects;

/**
 * The database a host's backups are of, ready to send: a SQLite path under {@code shared/}, or a
 * PostgreSQL URL that is either a variable of the app's environment on the host ({@code urlEnv}) or
 * the URL itself, read by the controller from a file or Secret ({@code url}) and sent only on the
 * script's standard input. {@link #toString} never shows the URL.
 */
public final class BackupDatabase {

  private final Engine engine;
  private final String sqlitePath;
  private final String urlEnv;
  private final String url;

  private BackupDatabase(Engine engine, String sqlitePath, String urlEnv, String url) {
    this.engine = Objects.requireNonNull(engine);
    this.sqlitePath = sqlitePath;
    this.urlEnv = urlEnv;
    this.url = url;
  }

  /** A SQLite database at {@code path}, relative to {@code shared/} (as the model checked it). */
  public static BackupDatabase sqlite(String path) {
    return new BackupDatabase(Engine.SQLITE, Objects.requireNonNull(path), null, null);
  }

  /** A PostgreSQL database whose URL is variable {@code name} of the app's env on the host. */
  public static BackupDatabase postgresqlFromEnv(String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
    return new BackupDatabase(Engine.POSTGRESQL, null, name, null);
  }

  /** A PostgreSQL database at {@code url}, a secret the controller read. */
  public static BackupDatabase postgresql(String url) {
    if (url == null || url.isBlank() || url.contains("\n")) {
      throw new IllegalArgumentException("the database URL is empty or spans lines");
    }
    return new BackupDatabase(Engine.POSTGRESQL, null, null, url.strip());
  }

  /**
   * The database of {@code spec}; {@code secret} is the URL read from its file or Secret (ignored
   * for SQLite and for {@code env:}).
   */
  public static BackupDatabase of(BackupSpec.Database spec, String secret) {
    if (spec.engine() == Engine.SQLITE) {
      return sqlite(spec.path());
    }
    return spec.url().env() != null ? postgresqlFromEnv(spec.url().env()) : postgresql(secret);
  }

  public Engine engine() {
    return engine;
  }

  /** The SQLite path under {@code shared/}; empty for PostgreSQL. */
  String sqlitePath() {
    return sqlitePath == null ? "" : sqlitePath;
  }

  /** The variable the URL is in on the host; null when the URL travels on standard input. */
  String urlEnv() {
    return urlEnv;
  }

  /** The URL to send on standard input; null when there is none to send. */
  String url() {
    return url;
  }

  /** {@code text} with the URL, and its password alone, replaced: for every message shown. */
  String redact(String text) {
    if (url == null || text == null) {
      return text;
    }
    String out = text.replace(url, "<database URL>");
    String password = password(url);
    return password == null || password.isEmpty() ? out : out.replace(password, "<password>");
  }

  private static String password(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return null;
    }
    String info = url.substring(scheme + 3, at);
    int colon = info.indexOf(':');
    return colon < 0 ? null : info.substring(colon + 1);
  }

  @Override
  public String toString() {
    return engine == Engine.SQLITE
        ? "sqlite shared/" + sqlitePath
        : "postgresql " + (urlEnv != null ? "$" + urlEnv : "<database URL>");
  }
}
