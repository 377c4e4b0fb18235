package dev.capstan.model;

import java.util.Locale;

/** What runs an Application's services on a host. */
public enum Supervisor {
  /** A supervisord of Capstan's own per deploy path, run as the deploy user. */
  SUPERVISORD,
  /** Generated systemd units (user units, or system units when the deploy user is root). */
  SYSTEMD,
  /** systemd where it is PID 1, else supervisord. */
  AUTO;

  /** The value as written in the spec. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
