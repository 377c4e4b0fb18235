package dev.capstan.reconcile;

import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns a reconcile's report into what the controller tells the world: drift corrected, a
 * deployment, roll-backs, a failure, a commit held back, convergence, and how many hosts are in
 * each state. A held-back pass (the commit failed here before; nothing was tried) tells no
 * roll-back and no new failure: it is {@link ControllerEvents#heldBack}, so that what reports
 * transitions (Kubernetes Events) tells the failure once, when it happened.
 */
final class ReportEvents {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private ReportEvents() {}

  /**
   * @param drift per host, what was corrected (see {@link Drift#corrected})
   */
  static void tell(ControllerEvents events, RolloutReport report, Map<String, Change> drift) {
    String name = report.environment();
    drift.forEach(
        (host, change) -> {
          try (MDC.MDCCloseable tag = MDC.putCloseable(ReconcileLog.HOST, host)) {
            LOG.info("drift corrected: {}", change.text());
          }
          events.driftCorrected(name, host, change);
        });
    if (report.changed() && drift.isEmpty() && report.converged()) {
      events.deployed(name, report.commit());
    }
    if (report.heldBack() == null) {
      report.hosts().stream()
          .filter(h -> h.state() == HostState.RolledBack)
          .forEach(h -> events.rolledBack(name, h.host(), h.message()));
    }
    if (report.converged()) {
      events.converged(name);
    } else if (report.heldBack() != null && report.error() == null) {
      events.heldBack(name, report.heldBack());
    } else {
      events.failed(
          name, report.error() != null ? report.error() : NextReconcile.firstProblem(report));
    }
    events.hostStates(
        name,
        report.hosts().stream()
            .collect(Collectors.groupingBy(h -> h.state().name(), Collectors.summingInt(h -> 1))));
  }
}
