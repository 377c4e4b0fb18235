package dev.capstan.reconcile;

import dev.capstan.services.ServiceState;
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
      for (HostReport host : report.hosts()) {
        if (host.changes().isEmpty()) {
          replaced(previous, host).ifPresent(change -> drift.put(host.host(), change));
        }
      }
    }
    return drift;
  }

  /**
   * The services of a host this pass left alone whose supervisor's processes are not those seen
   * before: one exited and its supervisor started it again, or someone restarted it by hand.
   */
  private static java.util.Optional<Change> replaced(EnvironmentStatus previous, HostReport now) {
    HostStatus before =
        previous.hosts().stream().filter(h -> h.host().equals(now.host())).findFirst().orElse(null);
    if (before == null) {
      return java.util.Optional.empty();
    }
    List<String> texts = new java.util.ArrayList<>();
    for (ServiceState service : now.services()) {
      before.services().stream()
          .filter(old -> old.name().equals(service.name()) && old.running() && service.running())
          .filter(old -> !old.mainPids().isEmpty() && !service.mainPids().isEmpty())
          .filter(old -> old.release().equals(service.release()))
          .filter(old -> !service.mainPids().containsAll(old.mainPids()))
          .findFirst()
          .ifPresent(
              old ->
                  texts.add(
                      "service "
                          + service.name()
                          + ": process "
                          + old.mainPids().stream()
                              .filter(p -> !service.mainPids().contains(p))
                              .toList()
                          + " exited or was restarted outside this controller; its supervisor runs "
                          + service.mainPids()
                          + " now"));
    }
    return texts.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            new Change(Change.Kind.SERVICE_RESTARTED, String.join("; ", texts)));
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
