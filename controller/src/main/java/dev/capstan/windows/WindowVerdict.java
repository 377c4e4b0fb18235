package dev.capstan.windows;

import java.time.Instant;

/**
 * Whether a rollout may start now under an Environment's windows, and if not, why and when.
 *
 * @param permitted whether a new rollout may start now
 * @param blockingIndex the index in {@code windows} of the window that blocks: the active deny, or
 *     with no allow window active the first allow window; -1 when permitted
 * @param blockingWindow how status names it, like {@code deny "0 9 * * 1-5" for 8h Europe/Berlin};
 *     for allow windows prefixed {@code outside }; null when permitted
 * @param nextOpenAt the earliest instant at or after now when a rollout may start (now when
 *     permitted); null when no such instant exists within the search horizon
 */
public record WindowVerdict(
    boolean permitted, int blockingIndex, String blockingWindow, Instant nextOpenAt) {

  static WindowVerdict open(Instant now) {
    return new WindowVerdict(true, -1, null, now);
  }
}
