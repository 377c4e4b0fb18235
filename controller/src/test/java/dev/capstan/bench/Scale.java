package dev.capstan.bench;

/**
 * How big a run is: hosts of the deploy operations, repetitions, hosts of the drift round, and the
 * controller's memory load (Environments, each on {@code hostsPerEnvironment} of {@code
 * memoryHosts} shared hosts).
 */
record Scale(
    int hosts,
    int repetitions,
    int driftHosts,
    int memoryEnvironments,
    int memoryHosts,
    int hostsPerEnvironment) {

  Scale {
    if (hosts < 1 || repetitions < 1 || driftHosts < 1 || memoryEnvironments < 1) {
      throw new IllegalArgumentException(
          "hosts, repetitions, drift hosts and environments must be ≥ 1");
    }
    if (hostsPerEnvironment < 1 || hostsPerEnvironment > memoryHosts) {
      throw new IllegalArgumentException(
          "hosts per environment must be between 1 and the memory hosts (" + memoryHosts + ")");
    }
  }

  /** The benchmark: 20 hosts for the drift round, 100 Environments × 3 of 6 hosts. */
  static Scale of(int hosts, int repetitions) {
    return new Scale(hosts, repetitions, 20, 100, 6, 3);
  }
}
