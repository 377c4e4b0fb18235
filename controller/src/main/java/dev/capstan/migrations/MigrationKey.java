package dev.capstan.migrations;

import java.util.regex.Pattern;

/**
 * One Django migration by app label and name, both checked against strict patterns: they come from
 * a host and end up in {@code manage.py migrate} command lines.
 */
public record MigrationKey(String app, String name) {

  /** An app label: a Python identifier, as Django requires. */
  public static final Pattern APP = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

  /** A migration's name: its module's name. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,200}");

  public MigrationKey {
    requireApp(app);
    requireName(name);
  }

  /** {@code app}, when it is an app label; else refused. */
  public static String requireApp(String app) {
    if (app == null || !APP.matcher(app).matches()) {
      throw new IllegalArgumentException("not a Django app label: " + app);
    }
    return app;
  }

  /** {@code name}, when it is a migration's name; else refused. */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Django migration name: " + name);
    }
    return name;
  }

  /** {@code app.name}, as people write it. */
  @Override
  public String toString() {
    return app + "." + name;
  }
}
