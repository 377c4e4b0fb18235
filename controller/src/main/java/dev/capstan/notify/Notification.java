package dev.capstan.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One state change worth telling people about.
 *
 * @param environment the Environment's name
 * @param event what happened
 * @param revision the Environment's revision as written (a branch, tag or commit)
 * @param commit the commit it concerns; null when none is known yet
 * @param commitSubject that commit's subject line; null when unknown
 * @param hosts the hosts it concerns, in order
 * @param reason why, for failures, blocks and drift; null when there is nothing to add
 * @param time when it happened
 * @param occurrence what tells this one from an earlier one of the same commit and event (a drift
 *     round's time, the commit rolled back from); null when the commit and event say it all
 */
public record Notification(
    String environment,
    NotificationEvent event,
    String revision,
    String commit,
    String commitSubject,
    List<String> hosts,
    String reason,
    Instant time,
    String occurrence) {

  public Notification {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(time, "time");
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
  }

  /** A notification that its environment, commit and event tell apart. */
  public Notification(
      String environment,
      NotificationEvent event,
      String revision,
      String commit,
      String commitSubject,
      List<String> hosts,
      String reason,
      Instant time) {
    this(environment, event, revision, commit, commitSubject, hosts, reason, time, null);
  }

  /**
   * What makes two notifications the same, so that it is sent once: environment, the commit (the
   * revision when no commit is known) and event. A fleet-wide blip is one key, not one per host.
   */
  public String key() {
    String key = environment + "/" + (commit != null ? commit : revision) + "/" + event.name();
    return occurrence == null ? key : key + "/" + occurrence;
  }
}
