package dev.capstan.reconcile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What changed on hosts while the spec did not: drift, corrected by a reconcile. Pure. */
final class Drift {

  private Drift() {}

  /**
   * Per host, what the reconcile changed, when the desire stayed the same: the spec did not change
   * since the Environment last converged and the revision resolved to the commit recorded before.
   * Empty otherwise: changes that roll out a new desire are no drift.
   *
   * @param previous the status recorded before, null when none
   * @param specChanged the spec changed since the Environment last converged
   */
  static Map<String, Change> corrected(
      EnvironmentStatus previous, RolloutReport report, boolean specChanged) {
    Map<String, Change> drift = new HashMap<>();
    boolean sameDesire =
        previous != null
            && !specChanged
            && report.commit() != null
            && report.commit().equals(previous.commit());
    if (sameDesire) {
      report.hosts().stream()
          .filter(h -> !h.changes().isEmpty())
          .forEach(h -> drift.put(h.host(), joined(h.changes())));
    }
    return drift;
  }

  /**
   * A host's changes as one correction: of the kind of the first change (a rebuild that a switch
   * follows is a rebuilt release), in the words of all of them.
   */
  private static Change joined(List<Change> changes) {
    return new Change(
        changes.get(0).kind(), String.join("; ", changes.stream().map(Change::text).toList()));
  }
}
