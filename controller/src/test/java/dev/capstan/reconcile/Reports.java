package dev.capstan.reconcile;

import java.util.List;

/** Reports and statuses for the tests of what the controller makes of a reconcile. */
final class Reports {

  private Reports() {}

  static HostReport host(String name, HostState state, List<Change> changes) {
    return new HostReport(name, "R1", null, state, reasonOf(state), null, null, List.of(), changes);
  }

  static HostReport host(String name, HostState state, String message) {
    return new HostReport(
        name, "R1", null, state, reasonOf(state), message, null, List.of(), List.of());
  }

  /** A change of kind OTHER, for tests where the kind does not matter. */
  static Change change(String text) {
    return new Change(Change.Kind.OTHER, text);
  }

  /** The reason a pass gives a host in that state, in the common case. */
  static Reason reasonOf(HostState state) {
    return switch (state) {
      case Ready -> Reason.Converged;
      case OutOfSync -> Reason.OutOfSync;
      case Pending -> Reason.Pending;
      case RolledBack -> Reason.RolledBack;
      case Failed -> Reason.BuildFailed;
      case Unreachable -> Reason.Unreachable;
      case Waiting -> Reason.LockBusy;
    };
  }

  static RolloutReport of(String commit, HostReport... hosts) {
    return new RolloutReport(
        "prod", "main", commit, List.of(hosts), null, null, false, false, null);
  }

  static RolloutReport changed(String commit, HostReport... hosts) {
    return new RolloutReport("prod", "main", commit, List.of(hosts), null, null, true, false, null);
  }

  static RolloutReport followingBranch(HostReport... hosts) {
    return new RolloutReport("prod", "main", "c", List.of(hosts), null, null, false, true, null);
  }

  static RolloutReport heldBack(String why, HostReport... hosts) {
    return new RolloutReport("prod", "main", "c", List.of(hosts), null, null, false, false, why);
  }

  static RolloutReport failed(String error) {
    return new RolloutReport(
        "prod", "main", null, List.of(), error, Reason.SourceError, false, false, null);
  }

  static EnvironmentStatus status(String commit) {
    return new EnvironmentStatus("prod", "main", commit, null, List.of(), List.of(), null, null);
  }
}
