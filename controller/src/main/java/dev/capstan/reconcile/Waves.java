package dev.capstan.reconcile;

import dev.capstan.model.DurationText;
import dev.capstan.model.RolloutSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The order a rollout switches hosts in: {@code rollout.canary} hosts first (when more than none),
 * then batches of {@code maxParallel}, in the order the hosts are given. Pure: the same waves are
 * what {@code plan} prints and what {@code apply} switches.
 */
public final class Waves {

  /** The longest gap between two health checks of a watched wave. */
  static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(5);

  /**
   * One wave of hosts.
   *
   * @param index 0 for the canary wave, else the batch's number from 1
   * @param position this wave's place among all, from 1
   * @param total how many waves the rollout has
   * @param canary whether this is the canary wave
   */
  public record Wave<T>(int index, int position, int total, boolean canary, List<T> hosts) {

    public Wave {
      hosts = List.copyOf(hosts);
    }

    /** {@code wave 1/3 (canary)}, {@code wave 2/3}: how progress names it. */
    public String label() {
      return "wave " + position + "/" + total + (canary ? " (canary)" : "");
    }

    public boolean last() {
      return position == total;
    }
  }

  private Waves() {}

  /** {@code hosts} as waves; none when there are no hosts. */
  public static <T> List<Wave<T>> of(List<T> hosts, RolloutSpec rollout) {
    List<List<T>> groups = new ArrayList<>();
    int canary = Math.min(Math.max(rollout.canary(), 0), hosts.size());
    if (canary > 0) {
      groups.add(hosts.subList(0, canary));
    }
    int batch = Math.max(1, rollout.maxParallel());
    for (int start = canary; start < hosts.size(); start += batch) {
      groups.add(hosts.subList(start, Math.min(hosts.size(), start + batch)));
    }
    List<Wave<T>> waves = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      boolean isCanary = canary > 0 && i == 0;
      int index = canary > 0 ? i : i + 1;
      waves.add(new Wave<>(index, i + 1, groups.size(), isCanary, groups.get(i)));
    }
    return List.copyOf(waves);
  }

  /**
   * How often a watched wave's health checks run during {@code pause}: a third of it, at most
   * {@link #LONGEST_CHECK_INTERVAL}; the last check is at the pause's end.
   */
  static Duration checkInterval(Duration pause) {
    Duration third = pause.dividedBy(3);
    return third.compareTo(LONGEST_CHECK_INTERVAL) > 0 ? LONGEST_CHECK_INTERVAL : third;
  }

  /**
   * {@code 1/3 (canary): a; 2/3: b, c; 3/3: d, each watched for 5s}: the waves in one line, for
   * {@code plan}.
   */
  public static <T> String describe(List<Wave<T>> waves, RolloutSpec rollout) {
    List<String> parts = new ArrayList<>();
    for (Wave<T> wave : waves) {
      parts.add(
          wave.position()
              + "/"
              + wave.total()
              + (wave.canary() ? " (canary)" : "")
              + ": "
              + String.join(", ", wave.hosts().stream().map(String::valueOf).toList()));
    }
    String watched =
        rollout.pause().isZero()
            ? ""
            : ", each watched for " + DurationText.format(rollout.pause()) + " before the next";
    return String.join("; ", parts) + watched;
  }
}
