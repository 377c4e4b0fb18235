package dev.capstan.cli;

import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.HealthCheckSpec;
import dev.capstan.model.PythonSpec;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostReport;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.RolloutReport;
import dev.capstan.release.Recipe;
import dev.capstan.release.Step;
import dev.capstan.services.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Text renderings of rollout reports for the terminal. */
final class ReportPrinter {

  private static final DateTimeFormatter RELEASE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private ReportPrinter() {}

  static String heading(RolloutReport report) {
    return "Environment "
        + report.environment()
        + ": revision "
        + report.revision()
        + (report.commit() == null ? "" : " = " + report.commit())
        + (report.pinNote() == null ? "" : "\n  " + report.pinNote())
        + (report.error() == null
            ? ""
            : "\n  error (" + report.errorReason() + "): " + report.error());
  }

  /**
   * What apply would do on one host, phase by phase: each action, and under it the steps it runs by
   * name and command (build steps, migrate, activate, the health check).
   *
   * @param migratesHere whether this host runs the rollout's migrate steps, before any switch
   */
  static String planLines(HostReport host, ApplicationSpec app, boolean migratesHere) {
    if (host.state() == HostState.Ready) {
      return "  " + host.host() + ": in sync (" + host.release() + ")";
    }
    if (host.actions().isEmpty()) {
      return "  " + host.host() + ": " + stateAndReason(host) + ": " + host.message();
    }
    Recipe recipe = Recipe.of(app);
    StringBuilder lines = new StringBuilder("  " + host.host() + ":");
    for (String action : host.actions()) {
      // HostReport carries actions as Action.describe() text; its first words name the kind.
      if (action.startsWith("switch current to ")
          && migratesHere
          && !recipe.migrateSteps().isEmpty()) {
        lines.append("\n    - migrate, on this host only, before any host switches");
        steps(lines, recipe.migrateSteps(), app);
      }
      lines.append("\n    - ").append(action);
      if (action.startsWith("build release ")) {
        steps(lines, recipe.buildSteps(), app);
      } else if (action.startsWith("rebuild the virtualenv of ")) {
        steps(lines, recipe.virtualenvSteps(), app);
      } else if (action.startsWith("switch current to ")) {
        steps(lines, recipe.activateSteps(), app);
        healthCheck(lines, recipe);
      } else if (action.startsWith("relink shared ")) {
        steps(lines, recipe.activateSteps(), app);
      }
    }
    return lines.toString();
  }

  private static void steps(StringBuilder lines, List<Step> steps, ApplicationSpec app) {
    for (Step step : steps) {
      String command =
          step.name().equals("virtualenv") && app.python() != null
              ? virtualenv(app.python())
              // Further lines of a command line up under its first.
              : step.command().strip().replace("\n", "\n" + " ".repeat(10 + step.name().length()));
      lines.append("\n        ").append(step.name()).append(": ").append(command);
    }
  }

  /** The virtualenv step in words: its script is Capstan's own, long and not the user's. */
  private static String virtualenv(PythonSpec python) {
    String requirements =
        python.requirements().isEmpty() ? "" : ", then pip install -r " + python.requirements();
    return python.interpreter()
        + " -m venv"
        + requirements
        + (python.shareVirtualenvs()
            ? " (shared by releases with the same interpreter and requirements)"
            : "");
  }

  private static void healthCheck(StringBuilder lines, Recipe recipe) {
    HealthCheckSpec check = recipe.healthCheck();
    if (check == null) {
      lines.append("\n        health check: none (the switch counts as healthy)");
      return;
    }
    lines
        .append("\n        health check: ")
        .append(check.command().strip())
        .append(" (timeout ")
        .append(check.timeoutSeconds())
        .append("s, ")
        .append(check.retries())
        .append(check.retries() == 1 ? " retry, " : " retries, ")
        .append(check.intervalSeconds())
        .append("s apart")
        .append(recipe.rollbackOnFailure() ? "; switches back if it fails)" : ")");
  }

  /** The closing lines of an apply. */
  static String summary(RolloutReport report) {
    StringBuilder text = new StringBuilder(heading(report));
    if (report.converged()) {
      text.append(report.changed() ? "\n  converged" : "\n  nothing to do: every host is in sync");
    }
    if (report.heldBack() != null) {
      text.append("\n  ").append(report.heldBack());
    }
    for (HostReport host : report.hosts()) {
      if (host.state() != HostState.Ready || report.changed()) {
        text.append("\n  ")
            .append(host.host())
            .append(": ")
            .append(stateAndReason(host))
            .append(host.release() == null ? "" : " " + host.release())
            .append(host.message() == null ? "" : ": " + host.message());
      }
    }
    return text.toString();
  }

  /** {@code Failed (BuildFailed)}: a host's state and why, as every command shows them. */
  static String stateAndReason(HostReport host) {
    return host.state()
        + (host.reason() == null || host.reason().name().equals(host.state().name())
            ? ""
            : " (" + host.reason() + ")");
  }

  /**
   * Status as one table, a line per host: {@code ENVIRONMENT HOST RELEASE COMMIT STATE REASON SINCE
   * MESSAGE}, columns as wide as their widest value; below it, what a host line cannot hold (a
   * configuration error, the last drift corrected).
   *
   * @param now what {@code SINCE} counts from
   */
  static String statusTable(List<EnvironmentStatus> statuses, Instant now) {
    TextTable table =
        new TextTable(
            "ENVIRONMENT", "HOST", "RELEASE", "COMMIT", "STATE", "REASON", "SINCE", "MESSAGE");
    StringBuilder notes = new StringBuilder();
    for (EnvironmentStatus status : statuses) {
      for (HostStatus host : status.hosts()) {
        table.row(
            status.name(),
            host.host(),
            orDash(host.release()),
            shortCommit(host.commit()),
            host.state().name(),
            host.reason() == null ? "-" : host.reason().name(),
            since(host.release(), now),
            oneLine(host.message()));
        if (!host.services().isEmpty()) {
          notes.append(status.name()).append(' ').append(host.host()).append(": services");
          String separator = " ";
          for (ServiceState service : host.services()) {
            notes
                .append(separator)
                .append(service.name())
                .append(' ')
                .append(service.state().display())
                .append(service.release() == null ? "" : " " + service.release())
                .append(service.pids().isEmpty() ? "" : " pids " + pids(service.pids()))
                .append(service.detail() == null ? "" : " (" + service.detail() + ")");
            separator = "; ";
          }
          notes.append('\n');
        }
        if (host.lastDrift() != null) {
          notes
              .append(status.name())
              .append(' ')
              .append(host.host())
              .append(": last drift ")
              .append(host.lastDrift())
              .append(" (")
              .append(host.driftCorrections())
              .append(" corrected): ")
              .append(oneLine(host.lastDriftReason()))
              .append('\n');
        }
      }
      if (status.hosts().isEmpty()) {
        table.row(status.name(), "-", "-", "-", "-", "-", "-", "");
      }
      if (status.pinNote() != null) {
        notes.append(status.name()).append(": ").append(status.pinNote()).append('\n');
      }
      for (dev.capstan.model.Veto veto : status.veto()) {
        notes
            .append(status.name())
            .append(": veto ")
            .append(shortCommit(veto.commit()))
            .append(veto.reason() == null ? "" : ": \"" + veto.reason() + "\"")
            .append('\n');
      }
      if (status.configurationError() != null) {
        notes
            .append(status.name())
            .append(": configuration error (the last good desired state stays in force):\n  ")
            .append(status.configurationError().replace("\n", "\n  "))
            .append('\n');
      }
    }
    return table + (notes.isEmpty() ? "" : "\n" + notes);
  }

  private static String pids(List<Long> pids) {
    return String.join(",", pids.stream().map(String::valueOf).toList());
  }

  /**
   * How long the live release has been there, from the UTC stamp its name starts with ({@code
   * 20261121123045-3f2a9c1}): {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}; "-" without one.
   */
  static String since(String release, Instant now) {
    if (release == null || !release.matches("\\d{14}-.*")) {
      return "-";
    }
    Instant made;
    try {
      made = RELEASE_STAMP.parse(release.substring(0, 14), Instant::from);
    } catch (DateTimeParseException e) {
      return "-";
    }
    return age(Duration.between(made, now));
  }

  /** An age as kubectl shows one, in its largest whole unit up to two of them. */
  static String age(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 120 * 60) {
      return seconds / 60 + "m";
    }
    if (seconds < 48 * 3600) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }

  private static String shortCommit(String commit) {
    return commit == null ? "-" : commit.substring(0, Math.min(7, commit.length()));
  }

  private static String orDash(String text) {
    return text == null ? "-" : text;
  }

  /** A message on one table line: its line breaks become "; ". */
  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
