package dev.capstan.reconcile;

import java.util.List;

/** Reports and statuses for the tests of what the controller makes of a reconcile. */
final class Reports {

  private Reports() {}

  static HostReport host(String name, HostState state, List<String> changes) {
    return new HostReport(name, "R1", null, state, null, List.of(), changes);
  }

  static HostReport host(String name, HostState state, String message) {
    return new HostReport(name, "R1", null, state, message, List.of(), List.of());
  }

  static RolloutReport of(String commit, HostReport... hosts) {
    return new RolloutReport("prod", "main", commit, List.of(hosts), null, false, false, null);
  }

  static RolloutReport changed(String commit, HostReport... hosts) {
    return new RolloutReport("prod", "main", commit, List.of(hosts), null, true, false, null);
  }

  static RolloutReport followingBranch(HostReport... hosts) {
    return new RolloutReport("prod", "main", "c", List.of(hosts), null, false, true, null);
  }

  static RolloutReport heldBack(String why, HostReport... hosts) {
    return new RolloutReport("prod", "main", "c", List.of(hosts), null, false, false, why);
  }

  static RolloutReport failed(String error) {
    return new RolloutReport("prod", "main", null, List.of(), error, false, false, null);
  }

  static EnvironmentStatus status(String commit) {
    return new EnvironmentStatus("prod", "main", commit, List.of(), List.of(), null, null);
  }
}
