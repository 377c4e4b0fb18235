package dev.capstan.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * An Environment that needs a person (a refused host key or login, a missing credential): no pass
 * runs, so no host is connected to again, until what it depends on changes (its spec, a Secret, the
 * contents of its known_hosts, key or ssh config file) or {@link #CAP} passes.
 *
 * @param reason what stalled it
 * @param inputs the fingerprint of its credentials' files when it stalled
 * @param until when it is tried again regardless
 */
record Stall(Reason reason, String inputs, Instant until) {

  /** Longest an Environment stays stalled without any change: then one pass tries again. */
  static final Duration CAP = Duration.ofHours(1);

  static Stall of(Reason reason, String inputs, Instant now) {
    return new Stall(reason, inputs, now.plus(CAP));
  }

  /** Whether it still holds: nothing it depends on changed and the cap has not passed. */
  boolean holds(String inputsNow, Instant now) {
    return inputs.equals(inputsNow) && now.isBefore(until);
  }
}
