package dev.capstan.release;

import java.util.Locale;

/** A release's lifecycle as recorded in its {@code .capstan/release.json}. */
public enum ReleaseState {
  /** Being built, or abandoned midway by a deployer that died. */
  BUILDING,
  /** Fully built: the only state that may go live. */
  COMPLETE,
  /** Its build or health check failed: never made live, never a rollback target. */
  FAILED,
  /** No readable {@code release.json}: not made by Capstan, or damaged. */
  UNKNOWN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReleaseState fromWire(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    for (ReleaseState state : values()) {
      if (state.wireName().equals(value)) {
        return state;
      }
    }
    return UNKNOWN;
  }
}
