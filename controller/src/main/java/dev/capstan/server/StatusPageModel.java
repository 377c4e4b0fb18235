package dev.capstan.server;

import dev.capstan.model.Pin;
import dev.capstan.model.Veto;
import dev.capstan.reconcile.BackupStatus;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.ConditionStatus;
import dev.capstan.reconcile.EnvironmentHistory;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.release.ReleaseHistory;
import dev.capstan.release.ReleaseHistory.HostHistory;
import dev.capstan.services.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the status page shows, computed from the controller's statuses without I/O: every value is
 * already the text the page prints (times formatted, commits shortened, the phase decided), so the
 * template stays logic-less and this class is where the page's decisions are tested.
 */
public final class StatusPageModel {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private StatusPageModel() {}

  /** The whole page. */
  public record Page(String generatedAt, List<Env> environments) {

    /** For the template: no environment is known yet. */
    public boolean none() {
      return environments.isEmpty();
    }

    /** For the template: "1 environment", "3 environments". */
    public String count() {
      return environments.size() + (environments.size() == 1 ? " environment" : " environments");
    }
  }

  /**
   * One Environment.
   *
   * @param phase {@code Degraded}, {@code Ready}, {@code Progressing}, {@code Stalled} or {@code
   *     Unknown}; {@link #phaseOf} says which
   * @param why the reason and message of the condition that decided the phase; null when Ready
   * @param historyKnown whether the release history of its hosts was read for this page
   */
  public record Env(
      String name,
      String phase,
      String phaseClass,
      String why,
      String revision,
      String commit,
      String failedCommit,
      String configurationError,
      String lastReconcile,
      List<ConditionView> conditions,
      Pin pin,
      List<Veto> vetoes,
      String pinNote,
      String hold,
      List<String> notifications,
      BackupView backups,
      DependencyView dependencies,
      List<HostView> hosts,
      boolean historyKnown,
      String historyError) {}

  /** One condition, its time formatted. */
  public record ConditionView(
      String type,
      String status,
      String statusClass,
      String reason,
      String message,
      String since) {}

  /**
   * One host.
   *
   * @param drift when and why drift was last corrected, and how often; null when never
   */
  public record HostView(
      String host,
      String release,
      String commit,
      String state,
      String stateClass,
      String reason,
      String message,
      String failedCommit,
      String lastError,
      String drift,
      String wave,
      List<ServiceView> services,
      List<ReleaseView> releases,
      String historyError) {}

  /** One service on a host. */
  public record ServiceView(
      String name, String state, String stateClass, String release, String detail) {}

  /** One release in a host's history, newest first. */
  public record ReleaseView(
      String release,
      String commit,
      String subject,
      String state,
      boolean live,
      String switchedAt,
      String switchedAwayAt,
      String switchedBy,
      String reason) {}

  /**
   * The last dependency check: its counts in words, and an alert per vulnerable package.
   *
   * @param alerts {@code demolib 1.0.0: PYSEC-1 (CVE-2026-0001) fixed in 1.0.1}, one per package
   * @param summary {@code 12 packages, 3 outdated, 1 vulnerable; 40 advisories, checked at ...}
   */
  public record DependencyView(
      boolean vulnerable, List<String> alerts, String summary, List<String> problems) {}

  /** The last backup and the last that verified; null entries when none. */
  public record BackupView(BackupStatus.Entry last, BackupStatus.Entry verified) {}

  /**
   * The page for these statuses.
   *
   * @param histories the release histories read for this page, matched to environments by name; an
   *     environment without one shows its hosts' live releases only
   */
  public static Page of(
      List<EnvironmentStatus> statuses, List<EnvironmentHistory.Report> histories, Instant now) {
    Map<String, EnvironmentHistory.Report> byName = new HashMap<>();
    histories.forEach(h -> byName.put(h.environment(), h));
    return new Page(
        time(now),
        statuses.stream()
            .map(s -> environment(s, Optional.ofNullable(byName.get(s.name())), now))
            .toList());
  }

  /**
   * The phase the conditions add up to: Degraded when anything is broken (a failed rollout, an
   * unreachable host) even while other hosts still move; then Ready; then Progressing when the
   * controller moves on by itself; Stalled when it waits for a person; Unknown before any
   * reconcile.
   */
  public static String phaseOf(List<Condition> conditions) {
    if (isTrue(conditions, Condition.DEGRADED)) {
      return "Degraded";
    }
    if (isTrue(conditions, Condition.READY)) {
      return "Ready";
    }
    if (isTrue(conditions, Condition.PROGRESSING)) {
      return "Progressing";
    }
    return conditions.isEmpty() ? "Unknown" : "Stalled";
  }

  private static Env environment(
      EnvironmentStatus status, Optional<EnvironmentHistory.Report> history, Instant now) {
    String phase = phaseOf(status.conditions());
    Map<String, HostHistory> hostHistories = new HashMap<>();
    history.ifPresent(h -> h.hosts().forEach(hh -> hostHistories.put(hh.host(), hh)));
    return new Env(
        status.name(),
        phase,
        phase.toLowerCase(Locale.ROOT),
        why(phase, status.conditions()),
        status.revision(),
        shortCommit(status.commit()),
        shortCommit(status.failedCommit()),
        status.configurationError(),
        status.lastReconcile() == null
            ? null
            : time(status.lastReconcile()) + " (" + ago(status.lastReconcile(), now) + " ago)",
        status.conditions().stream().map(StatusPageModel::condition).toList(),
        status.pin(),
        status.veto(),
        status.pinNote(),
        hold(status.hold()),
        status.notifications().entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .toList(),
        status.backups() == null
            ? null
            : new BackupView(status.backups().lastBackup(), status.backups().lastVerifiedBackup()),
        dependencies(status, now),
        status.hosts().stream()
            .map(h -> host(h, Optional.ofNullable(hostHistories.get(h.host()))))
            .toList(),
        history.isPresent(),
        history.map(EnvironmentHistory.Report::subjectsError).orElse(null));
  }

  private static DependencyView dependencies(EnvironmentStatus status, Instant now) {
    dev.capstan.reconcile.DependencyStatus d = status.dependencies();
    if (d == null) {
      return null;
    }
    String summary =
        d.packages()
            + " packages, "
            + d.outdated()
            + " outdated, "
            + d.vulnerable()
            + " vulnerable; "
            + d.advisories()
            + " advisories"
            + (d.unknownReleases() > 0
                ? "; " + d.unknownReleases() + " live releases with unknown packages"
                : "")
            + (d.checkedAt() == null
                ? ""
                : "; checked " + time(d.checkedAt()) + " (" + ago(d.checkedAt(), now) + " ago)");
    return new DependencyView(d.vulnerable() > 0, d.vulnerablePackages(), summary, d.problems());
  }

  /** The condition that decided the phase, in words; null when Ready. */
  private static String why(String phase, List<Condition> conditions) {
    String type =
        switch (phase) {
          case "Degraded" -> Condition.DEGRADED;
          case "Progressing" -> Condition.PROGRESSING;
          case "Stalled" -> Condition.READY;
          default -> null;
        };
    return conditions.stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .map(c -> join(c.reason() == null ? null : c.reason().name(), c.message()))
        .orElse(null);
  }

  private static ConditionView condition(Condition condition) {
    String status = String.valueOf(condition.status());
    boolean good =
        condition.type().equals(Condition.DEGRADED)
            ? condition.status() == ConditionStatus.False
            : condition.status() == ConditionStatus.True;
    return new ConditionView(
        condition.type(),
        status,
        good ? "good" : condition.type().equals(Condition.PROGRESSING) ? "neutral" : "bad",
        condition.reason() == null ? null : condition.reason().name(),
        condition.message(),
        condition.lastTransitionTime() == null ? null : time(condition.lastTransitionTime()));
  }

  private static HostView host(HostStatus host, Optional<HostHistory> history) {
    String state = host.state() == null ? "Unknown" : host.state().name();
    return new HostView(
        host.host(),
        host.release(),
        shortCommit(host.commit()),
        state,
        state.toLowerCase(Locale.ROOT),
        host.reason() == null ? null : host.reason().name(),
        host.message(),
        shortCommit(host.failedCommit()),
        // The last error only when it says more than the message beside it.
        host.lastError() == null || host.lastError().equals(host.message())
            ? null
            : host.lastError(),
        drift(host),
        host.wave() == null
            ? null
            : (host.wave() == 0 ? "canary" : "wave " + host.wave())
                + (host.verdict() == null ? "" : ": " + verdictWord(host)),
        host.services().stream().map(StatusPageModel::service).toList(),
        history
            .map(h -> h.releases().stream().map(StatusPageModel::release).toList())
            .orElse(List.of()),
        history.map(HostHistory::error).orElse(null));
  }

  /** The verdict, without its reason when the host's message already says it. */
  private static String verdictWord(HostStatus host) {
    String verdict = host.verdict();
    int colon = verdict.indexOf(": ");
    return colon > 0 && host.message() != null && verdict.endsWith(host.message())
        ? verdict.substring(0, colon)
        : verdict;
  }

  /** What holds a new revision back, in words; null when nothing does. */
  private static String hold(dev.capstan.reconcile.RolloutHold hold) {
    if (hold == null) {
      return null;
    }
    return "pending "
        + hold.pendingRevision()
        + (hold.pendingCommit() == null ? "" : " (" + shortCommit(hold.pendingCommit()) + ")")
        + ": "
        + hold.blockedBy()
        + (hold.nextOpenAt() == null ? "" : "; may roll out from " + time(hold.nextOpenAt()));
  }

  private static String drift(HostStatus host) {
    if (host.lastDrift() == null) {
      return null;
    }
    String times =
        host.driftCorrections() == 1 ? "1 correction" : host.driftCorrections() + " corrections";
    return join("last corrected " + time(host.lastDrift()), host.lastDriftReason())
        + " ("
        + times
        + ")";
  }

  private static ServiceView service(ServiceState service) {
    String state = service.state() == null ? "Unknown" : service.state().display();
    return new ServiceView(
        service.name(), state, state.toLowerCase(Locale.ROOT), service.release(), service.detail());
  }

  private static ReleaseView release(ReleaseHistory.Entry entry) {
    return new ReleaseView(
        entry.release(),
        shortCommit(entry.commit()),
        entry.subject(),
        entry.state(),
        entry.live(),
        entry.switchedAt() == null ? null : time(entry.switchedAt()),
        entry.switchedAwayAt() == null ? null : time(entry.switchedAwayAt()),
        entry.switchedBy(),
        entry.reason());
  }

  /** "reason: message", either part left out when missing. */
  private static String join(String reason, String message) {
    boolean hasMessage = message != null && !message.isBlank();
    if (reason == null) {
      return hasMessage ? message : null;
    }
    return hasMessage ? reason + ": " + message : reason;
  }

  private static boolean isTrue(List<Condition> conditions, String type) {
    return conditions.stream()
        .anyMatch(c -> c.type().equals(type) && c.status() == ConditionStatus.True);
  }

  static String shortCommit(String commit) {
    return commit == null ? null : commit.substring(0, Math.min(7, commit.length()));
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** How long ago, for a reader who glances: {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}. */
  static String ago(Instant then, Instant now) {
    long seconds = Math.max(0, Duration.between(then, now).getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + "m";
    }
    return seconds < 2 * 86400 ? seconds / 3600 + "h" : seconds / 86400 + "d";
  }
}
