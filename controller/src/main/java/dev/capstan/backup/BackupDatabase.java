package dev.capstan.backup;

import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.BackupSpec;
import dev.capstan.model.BackupSpec.Engine;
import dev.capstan.release.Recipe;
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
  private final DjangoSettings django;

  /**
   * Where engine {@code django} finds the database: the release's interpreter and {@code
   * manage.py}, and the key of {@code DATABASES}.
   */
  record DjangoSettings(String python, String manage, String alias) {}

  private BackupDatabase(
      Engine engine, String sqlitePath, String urlEnv, String url, DjangoSettings django) {
    this.engine = Objects.requireNonNull(engine);
    this.sqlitePath = sqlitePath;
    this.urlEnv = urlEnv;
    this.url = url;
    this.django = django;
  }

  /** A SQLite database at {@code path}, relative to {@code shared/} (as the model checked it). */
  public static BackupDatabase sqlite(String path) {
    return new BackupDatabase(Engine.SQLITE, Objects.requireNonNull(path), null, null, null);
  }

  /** A PostgreSQL database whose URL is variable {@code name} of the app's env on the host. */
  public static BackupDatabase postgresqlFromEnv(String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
    return new BackupDatabase(Engine.POSTGRESQL, null, name, null, null);
  }

  /** A PostgreSQL database at {@code url}, a secret the controller read. */
  public static BackupDatabase postgresql(String url) {
    if (url == null || url.isBlank() || url.contains("\n")) {
      throw new IllegalArgumentException("the database URL is empty or spans lines");
    }
    return new BackupDatabase(Engine.POSTGRESQL, null, null, url.strip(), null);
  }

  /**
   * The database entry {@code alias} of the Django settings, as {@code manage} (run by {@code
   * python}, both relative to a release) sets them up on the host: PostgreSQL or SQLite, whichever
   * the entry's {@code ENGINE} is.
   */
  public static BackupDatabase django(String python, String manage, String alias) {
    if (alias == null || !alias.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("not a key of DATABASES: " + alias);
    }
    return new BackupDatabase(
        Engine.DJANGO,
        null,
        null,
        null,
        new DjangoSettings(Objects.requireNonNull(python), Objects.requireNonNull(manage), alias));
  }

  /**
   * The database of {@code app}'s backups; {@code secret} is the URL read from its file or Secret
   * (ignored for SQLite, {@code env:} and {@code django}).
   */
  public static BackupDatabase of(ApplicationSpec app, String secret) {
    BackupSpec.Database spec = app.backup().database();
    if (spec.engine() == Engine.DJANGO) {
      return django(Recipe.of(app).python(), app.django().manage(), spec.alias());
    }
    return of(spec, secret);
  }

  /**
   * The database of {@code spec}, PostgreSQL or SQLite; {@code secret} is the URL read from its
   * file or Secret (ignored for SQLite and for {@code env:}).
   */
  public static BackupDatabase of(BackupSpec.Database spec, String secret) {
    if (spec.engine() == Engine.DJANGO) {
      throw new IllegalArgumentException("engine django needs the Application: use of(app, url)");
    }
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

  /** Where engine {@code django} reads the database from; null for the others. */
  DjangoSettings django() {
    return django;
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
    return switch (engine) {
      case SQLITE -> "sqlite shared/" + sqlitePath;
      case DJANGO -> "DATABASES['" + django.alias() + "']";
      case POSTGRESQL -> "postgresql " + (urlEnv != null ? "$" + urlEnv : "<database URL>");
    };
  }
}
