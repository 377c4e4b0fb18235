package dev.capstan.bench;

import java.util.List;

/**
 * What {@code bench/scale} measured for one Environment count, over {@code rounds} drift rounds
 * after every Environment converged. A round is one reconcile of every Environment (the sum of
 * {@code capstan_reconciles_total} grew by the count): its period is the wall time that took, its
 * busy time the sum of those reconciles' durations over the workers (how long the round's work
 * takes back to back).
 *
 * @param roundPeriods seconds of wall time of each measured round
 * @param roundBusy seconds of reconcile work of each round divided by the workers
 * @param cpuPerSecond controller CPU seconds (user + system) per wall second over the rounds
 * @param peakMiB VmHWM at the end
 * @param residentMiB VmRSS at the end
 * @param connections most established TCP connections from the controller to the sshd ports seen at
 *     any scrape during the rounds
 */
record ScalePoint(
    int environments,
    int hosts,
    List<Double> roundPeriods,
    List<Double> roundBusy,
    double cpuPerSecond,
    double peakMiB,
    double residentMiB,
    int connections) {

  ScalePoint {
    roundPeriods = List.copyOf(roundPeriods);
    roundBusy = List.copyOf(roundBusy);
  }

  double slowestPeriod() {
    return roundPeriods.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  double mostBusy() {
    return roundBusy.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
