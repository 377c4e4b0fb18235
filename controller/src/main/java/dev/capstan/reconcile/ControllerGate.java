package dev.capstan.reconcile;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of {@link RolloutGate} and of the webhooks: what a pass may roll out (the
 * deploy windows, a promotion's source and since when it is healthy), when to look again while a
 * hold lasts, and the notifications of a pass with their commits' subjects.
 */
final class ControllerGate {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerGate.class);

  private final Sources sources;
  private final Clock clock;
  private final Supplier<Notices> notices;
  private final HealthyCommits healthy;
  private final Function<String, EnvironmentStatus> previousStatus;
  private final Map<String, String> lastHolds = new java.util.concurrent.ConcurrentHashMap<>();

  ControllerGate(
      Sources sources,
      Clock clock,
      Supplier<Notices> notices,
      HealthyCommits healthy,
      Function<String, EnvironmentStatus> previousStatus) {
    this.sources = sources;
    this.clock = clock;
    this.notices = notices;
    this.healthy = healthy;
    this.previousStatus = previousStatus;
  }

  /** Sends a pass's notifications, with their commits' subjects. */
  void tell(
      DesiredState state, Environment environment, List<dev.capstan.notify.Notification> sent) {
    if (!sent.isEmpty()) {
      notices
          .get()
          .send(
              state.applicationOf(environment),
              environment,
              withSubjects(state, environment, sent));
    }
  }

  /** The window and promotion rules applied to the pass about to run. */
  RolloutGate.Gated gate(DesiredState state, Environment environment, EnvironmentStatus before) {
    var from = environment.spec().promoteFrom();
    EnvironmentStatus source = from == null ? null : previousStatus.apply(from.environment());
    // The clock of the very commit read from the source's status: another worker may be between
    // recording a new one and starting its clock.
    String sourceCommit = source == null ? null : Promotion.healthyCommit(source);
    return RolloutGate.gate(
        environment,
        before == null ? null : before.commit(),
        source,
        sourceCommit == null ? null : healthy.since(from.environment(), sourceCommit),
        clock.instant(),
        revision -> {
          try {
            return sources.resolve(state.applicationOf(environment), revision).commit();
          } catch (dev.capstan.source.SourceException e) {
            return null;
          }
        });
  }

  /** A new revision held back by a window: told once per commit, logged each time. */
  void tellHeld(
      DesiredState state, Environment environment, EnvironmentStatus before, RolloutHold hold) {
    String text =
        hold.pendingRevision()
            + " not rolled out: "
            + hold.blockedBy()
            + (hold.nextOpenAt() == null ? "" : " (until " + hold.nextOpenAt() + ")");
    // Said once per hold at INFO; each round after that, at DEBUG.
    String key = hold.pendingRevision() + " " + hold.pendingCommit() + " " + hold.nextOpenAt();
    if (key.equals(lastHolds.put(environment.name(), key))) {
      LOG.debug(text);
    } else {
      LOG.info(text);
    }
    if (hold.pendingCommit() != null) {
      notices
          .get()
          .send(
              state.applicationOf(environment),
              environment,
              withSubjects(
                  state,
                  environment,
                  List.of(
                      EnvironmentNotices.ofWindowBlocked(
                          environment.name(),
                          hold.pendingRevision(),
                          hold.pendingCommit(),
                          hold.blockedBy(),
                          hold.nextOpenAt(),
                          clock.instant()))));
    }
  }

  /** The notifications with their commits' subjects, as the local mirror has them. */
  private List<dev.capstan.notify.Notification> withSubjects(
      DesiredState state, Environment environment, List<dev.capstan.notify.Notification> sent) {
    if (sent.isEmpty()) {
      return sent;
    }
    Map<String, String> subjects;
    try {
      subjects =
          sources.subjects(
              state.applicationOf(environment),
              sent.stream().map(n -> n.commit()).filter(c -> c != null).toList());
    } catch (dev.capstan.source.SourceException e) {
      subjects = Map.of();
    }
    Map<String, String> known = subjects;
    return sent.stream()
        .map(
            n ->
                new dev.capstan.notify.Notification(
                    n.environment(),
                    n.event(),
                    n.revision(),
                    n.commit(),
                    n.commit() == null ? null : known.get(n.commit()),
                    n.hosts(),
                    n.reason(),
                    n.time(),
                    n.occurrence()))
        .toList();
  }

  /** When a hold may end: at once when it ends before the next drift round, else that round. */
  static Duration recheck(Environment environment, RolloutGate.Gated gated) {
    Duration drift = environment.spec().driftInterval();
    Duration until = gated.recheckAfter();
    if (until == null || until.compareTo(drift) > 0) {
      return drift;
    }
    return until.isNegative() ? Duration.ofSeconds(1) : until.plusMillis(200);
  }

  static WorkQueue.Result sooner(WorkQueue.Result next, Duration recheck) {
    if (next instanceof WorkQueue.Result.Failed
        || (next instanceof WorkQueue.Result.RequeueAfter r && r.delay().compareTo(recheck) <= 0)) {
      return next;
    }
    return WorkQueue.Result.requeueAfter(recheck);
  }
}
