package dev.capstan.cli;

import dev.capstan.reconcile.RollbackReport;
import dev.capstan.release.RollbackOutcome;

/** What {@code capstan rollback} prints once it is done: the Environment, then each host. */
final class RollbackPrinter {

  private RollbackPrinter() {}

  static String summary(RollbackReport report, boolean dryRun, String reason, String where) {
    StringBuilder text =
        new StringBuilder("Environment ").append(report.environment()).append(": ");
    if (dryRun) {
      text.append(
          report.commit() == null
              ? "nothing to roll back to: " + report.error()
              : "would roll back to " + shortCommit(report.commit()) + "; nothing changed");
    } else if (report.commit() == null) {
      text.append("not rolled back: ").append(report.error());
    } else {
      text.append(report.rolledBack() ? "rolled back to " : "rolled back only partly to ")
          .append(shortCommit(report.commit()));
      if (report.leaving() != null) {
        text.append(" from ").append(shortCommit(report.leaving()));
      }
      text.append("; pinned to ")
          .append(shortCommit(report.commit()))
          .append(" by rollback")
          .append(PinCommand.quoted(reason));
      if (report.leaving() != null) {
        text.append("; ").append(shortCommit(report.leaving())).append(" vetoed");
      }
      text.append(" (kept in ").append(where).append(')');
      if (report.error() != null) {
        text.append("\n  ").append(report.error());
      }
    }
    text.append('\n');
    if (report.migrations() != null) {
      text.append("  migrations: ").append(report.migrations().describe()).append('\n');
    }
    for (RollbackReport.Host host : report.hosts()) {
      text.append("  ").append(host.host()).append(": ").append(line(host, dryRun)).append('\n');
    }
    if (report.converged() != null && report.commit() != null) {
      text.append("  hosts without the release (")
          .append(String.join(", ", report.toConverge()))
          .append("), brought there by a regular pass:\n")
          .append(ReportPrinter.summary(report.converged()).indent(4));
    }
    return text.toString();
  }

  private static String line(RollbackReport.Host host, boolean dryRun) {
    if (host.outcome() == null) {
      return "not reached: " + host.error();
    }
    if (host.error() != null) {
      return host.error();
    }
    RollbackOutcome outcome = host.outcome();
    String from = outcome.left() == null ? "nothing" : outcome.left();
    return switch (outcome.result()) {
      case SWITCHED -> (dryRun ? "would switch " : "switched ") + from + " -> " + outcome.release();
      case ALREADY_LIVE -> outcome.release() + " is live already";
      case BUSY -> "not rolled back: " + outcome.message();
      case NO_TARGET -> "no release to roll back to: " + outcome.message();
      case FAILED -> "failed: " + outcome.message();
      case MIGRATIONS_TO_REVERSE -> "not switched: the database has migrations it lacks";
    };
  }

  private static String shortCommit(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
