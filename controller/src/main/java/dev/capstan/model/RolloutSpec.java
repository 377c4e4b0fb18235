package dev.capstan.model;

import java.time.Duration;

/**
 * How a new release reaches an Environment's hosts: {@code canary} hosts first, then batches of
 * {@code maxParallel}; after each wave its hosts are watched for {@code pause} (health checks and
 * services re-run) before the next starts; the rollout stops once more than {@code maxFailed} hosts
 * of the whole fleet failed (an unreachable host counts).
 */
public record RolloutSpec(int maxParallel, int canary, Duration pause, int maxFailed) {

  public static final RolloutSpec DEFAULT = new RolloutSpec(1);

  public RolloutSpec {
    pause = pause == null ? Duration.ZERO : pause;
  }

  /** Batches of {@code maxParallel}, no canary, no pause, no failure allowed. */
  public RolloutSpec(int maxParallel) {
    this(maxParallel, 0, Duration.ZERO, 0);
  }

  /** Whether waves are watched before the next: a canary or a pause. */
  public boolean watched() {
    return canary > 0 || !pause.isZero();
  }
}
