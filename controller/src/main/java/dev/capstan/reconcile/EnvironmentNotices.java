package dev.capstan.reconcile;

import dev.capstan.notify.Notification;
import dev.capstan.notify.NotificationEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The notifications a saved change of an Environment's status makes: pure, from the status before
 * and after a pass. One per change of the whole Environment (a fleet-wide blip is one message
 * naming its hosts), keyed so that the same change told again (a restart, a second controller pass)
 * is sent once.
 */
public final class EnvironmentNotices {

  private EnvironmentNotices() {}

  /**
   * What a pass changed: {@code Deployed} when every host converged on a commit they did not all
   * run before, {@code RolloutFailed} when a commit newly failed (held back), {@code
   * DriftCorrected} when drift was put right on hosts that stayed on their commit.
   */
  public static List<Notification> ofPass(
      EnvironmentStatus before,
      EnvironmentStatus after,
      RolloutReport report,
      Map<String, Change> drift,
      Instant now) {
    List<Notification> notices = new ArrayList<>();
    String was = before == null ? null : before.commit();
    List<String> hosts = report.hosts().stream().map(HostReport::host).toList();
    if (report.changed()
        && report.converged()
        && after.commit() != null
        && !after.commit().equals(was)) {
      notices.add(
          new Notification(
              after.name(),
              NotificationEvent.Deployed,
              after.revision(),
              after.commit(),
              null,
              hosts,
              was == null ? null : "was " + shortCommit(was),
              now,
              "from " + (was == null ? "nothing" : was)));
    }
    String failed = after.failedCommit();
    if (failed != null && !failed.equals(before == null ? null : before.failedCommit())) {
      List<HostReport> failing =
          report.hosts().stream().filter(h -> failed.equals(h.failedCommit())).toList();
      String reason =
          report.error() != null
              ? report.error()
              : failing.stream()
                  .map(h -> h.host() + ": " + h.message())
                  .filter(Objects::nonNull)
                  .findFirst()
                  .orElse(null);
      notices.add(
          new Notification(
              after.name(),
              NotificationEvent.RolloutFailed,
              after.revision(),
              failed,
              null,
              failing.stream().map(HostReport::host).toList(),
              reason,
              now));
    }
    if (!drift.isEmpty()
        && notices.stream().noneMatch(n -> n.event() == NotificationEvent.Deployed)) {
      List<String> corrected = List.copyOf(new java.util.TreeMap<>(drift).keySet());
      String reason =
          String.join(
              "; ",
              new java.util.TreeMap<>(drift)
                  .entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().text()).toList());
      notices.add(
          new Notification(
              after.name(),
              NotificationEvent.DriftCorrected,
              after.revision(),
              after.commit(),
              null,
              corrected,
              reason,
              now,
              now.toString()));
    }
    return notices;
  }

  /**
   * A release began building: once per release for the whole fleet (the key holds the release,
   * which names the commit and recipe), however many hosts build it.
   */
  public static Notification ofBuildStarted(
      dev.capstan.model.Environment environment, String release, Instant now) {
    return new Notification(
        environment.name(),
        NotificationEvent.BuildStarted,
        environment.spec().revision(),
        null,
        null,
        environment.spec().hosts().stream().map(Object::toString).toList(),
        "building release " + release,
        now,
        release);
  }

  /** A rollback that switched {@code hosts} from {@code from} to {@code to}. */
  public static Notification ofRollback(
      String environment, String from, String to, List<String> hosts, String reason, Instant now) {
    return new Notification(
        environment,
        NotificationEvent.RolledBack,
        to,
        to,
        null,
        hosts,
        (from == null ? "" : "from " + shortCommit(from) + (reason == null ? "" : ": "))
            + (reason == null ? "" : reason),
        now,
        "at " + now);
  }

  /** A new revision not rolled out because a window is closed; once per commit. */
  public static Notification ofWindowBlocked(
      String environment,
      String revision,
      String commit,
      String window,
      Instant nextOpenAt,
      Instant now) {
    return new Notification(
        environment,
        NotificationEvent.WindowBlocked,
        revision,
        commit,
        null,
        List.of(),
        "blocked by "
            + window
            + (nextOpenAt == null ? "; no window opens" : "; opens at " + nextOpenAt),
        now);
  }

  /** A scheduled backup taken and verified, or failed: once per backup (or failure time). */
  public static Notification ofBackup(
      String environment, String commit, dev.capstan.backup.BackupResult result, Instant now) {
    boolean ok = result.failure() == null;
    return new Notification(
        environment,
        ok ? NotificationEvent.BackupVerified : NotificationEvent.BackupFailed,
        null,
        commit,
        null,
        List.of(),
        ok ? "backup " + result.backup().name() : result.failure(),
        now,
        ok ? result.backup().name() : now.toString());
  }

  /** Live releases with known vulnerabilities: once per advisory snapshot and finding. */
  public static Notification ofVulnerable(
      String environment, String commit, DependencyStatus dependencies) {
    return new Notification(
        environment,
        NotificationEvent.Vulnerable,
        null,
        commit,
        null,
        List.of(),
        String.join("; ", dependencies.vulnerablePackages()),
        dependencies.checkedAt() == null ? Instant.now() : dependencies.checkedAt(),
        dependencies.advisoriesDigest()
            + " "
            + String.join(",", dependencies.vulnerablePackages()));
  }

  private static String shortCommit(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
