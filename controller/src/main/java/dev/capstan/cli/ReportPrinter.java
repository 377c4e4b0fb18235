package dev.capstan.cli;

import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostReport;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.RolloutReport;

/** Text renderings of rollout reports for the terminal. */
final class ReportPrinter {

  private ReportPrinter() {}

  static String heading(RolloutReport report) {
    return "Environment " + report.environment() + ": revision " + report.revision()
        + (report.commit() == null ? "" : " = " + report.commit())
        + (report.error() == null ? "" : "\n  error: " + report.error());
  }

  /** What apply would do on one host. */
  static String planLines(HostReport host) {
    if (host.state() == HostState.Ready) {
      return "  " + host.host() + ": in sync (" + host.release() + ")";
    }
    if (host.actions().isEmpty()) {
      return "  " + host.host() + ": " + host.state() + ": " + host.message();
    }
    StringBuilder lines = new StringBuilder("  " + host.host() + ":");
    host.actions().forEach(action -> lines.append("\n    - ").append(action));
    return lines.toString();
  }

  /** The closing lines of an apply. */
  static String summary(RolloutReport report) {
    StringBuilder text = new StringBuilder(heading(report));
    if (report.converged()) {
      text.append(report.changed() ? "\n  converged" : "\n  nothing to do: every host is in sync");
    }
    for (HostReport host : report.hosts()) {
      if (host.state() != HostState.Ready || report.changed()) {
        text.append("\n  ").append(host.host()).append(": ").append(host.state())
            .append(host.release() == null ? "" : " " + host.release())
            .append(host.message() == null ? "" : ": " + host.message());
      }
    }
    return text.toString();
  }

  static String statusTable(EnvironmentStatus status) {
    StringBuilder text = new StringBuilder("Environment " + status.name() + ": revision "
        + status.revision() + (status.commit() == null ? "" : " = " + status.commit()) + "\n");
    for (Condition condition : status.conditions()) {
      text.append("  ").append(condition.type()).append('=').append(condition.status())
          .append(" (").append(condition.reason()).append(")")
          .append(condition.message().isEmpty() ? "" : ": " + condition.message()).append('\n');
    }
    if (status.configurationError() != null) {
      text.append("  configuration error (the last good desired state stays in force):\n    ")
          .append(status.configurationError().replace("\n", "\n    ")).append('\n');
    }
    String format = "  %-28s %-26s %-9s %-11s %s%n";
    text.append(String.format(format, "HOST", "RELEASE", "COMMIT", "STATE", "MESSAGE"));
    for (HostStatus host : status.hosts()) {
      text.append(String.format(format, host.host(),
          host.release() == null ? "-" : host.release(),
          host.commit() == null ? "-" : host.commit().substring(0, Math.min(7, host.commit().length())),
          host.state(), host.message() == null ? "" : host.message()));
      if (host.lastDrift() != null) {
        text.append(String.format("  %-28s last drift %s (%d corrected): %s%n", "",
            host.lastDrift(), host.driftCorrections(), host.lastDriftReason()));
      }
    }
    return text.toString();
  }
}
