package dev.capstan.model;

/**
 * Holds an Environment on one commit whatever its revision says.
 *
 * @param commit the commit: full in the state folder and after resolving, 7 to 40 hex in YAML
 * @param reason why, as the operator gave it; null when none
 * @param setBy who set it: {@link #BY_PIN} (the command), {@link #BY_ROLLBACK} or {@link #BY_SPEC}
 *     (the YAML or resource spec)
 */
public record Pin(String commit, String reason, String setBy) {

  public static final String BY_PIN = "pin";
  public static final String BY_ROLLBACK = "rollback";
  public static final String BY_SPEC = "spec";

  public Pin {
    if (commit == null || commit.isBlank()) {
      throw new IllegalArgumentException("a pin needs a commit");
    }
    setBy = setBy == null ? BY_PIN : setBy;
  }

  /** The same pin on another (resolved) commit. */
  public Pin withCommit(String resolved) {
    return new Pin(resolved, reason, setBy);
  }
}
