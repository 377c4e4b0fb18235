package dev.capstan.reconcile;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failing key waits before its next attempt: {@code base * 2^(failures-1)}, capped at
 * {@code max}, then shortened by up to {@code jitter} (a fraction) so keys that failed together do
 * not all retry together.
 */
public record Backoff(Duration base, Duration max, double jitter) {

  /** One second doubling up to five minutes, up to 10% earlier. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.1);

  public Backoff {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive: " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff max " + max + " is below base " + base);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("backoff jitter must be in [0, 1): " + jitter);
    }
  }

  /** Exact doubling without jitter. */
  public static Backoff exponential(Duration base, Duration max) {
    return new Backoff(base, max, 0);
  }

  /** The wait after the given number of consecutive failures (1 for the first). */
  public Duration delay(int failures) {
    return delay(failures, jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble());
  }

  /** As {@link #delay(int)}, with {@code unit} in [0, 1) choosing how much jitter applies. */
  Duration delay(int failures, double unit) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1: " + failures);
    }
    int shift = Math.min(failures - 1, 62);
    long baseNanos = base.toNanos();
    long maxNanos = max.toNanos();
    long nanos = baseNanos > maxNanos >> shift ? maxNanos : baseNanos << shift;
    return Duration.ofNanos(nanos - (long) (nanos * jitter * unit));
  }
}
