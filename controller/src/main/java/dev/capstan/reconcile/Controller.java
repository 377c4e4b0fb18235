package dev.capstan.reconcile;

import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DurationText;
import dev.capstan.model.Environment;
import dev.capstan.release.SwitchedBy;
import dev.capstan.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every Environment converged for as long as it runs: desired state comes in from an adapter
 * (a watched file, or Kubernetes informers), each Environment is a key of a work queue, and each
 * reconcile is one {@link Rollout} pass followed by a look again after its drift interval. Knows
 * nothing of where desired state or status live.
 */
public final class Controller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  /** How long a runtime's pooled SSH connection stays open unused: over any drift interval. */
  public static final Duration CONNECTION_IDLE = Duration.ofMinutes(5);

  private static final Rollout.Options CONTINUOUS = new Rollout.Options(false, true);

  private final Rollout rollout;
  private final Sources sources;
  private final StatusStore store;
  private final ControllerEvents events;
  private final Clock clock;
  private final WorkQueue<String> queue;
  private final Map<String, EnvironmentStatus> statuses = new ConcurrentHashMap<>();

  /** Environments whose spec changed since they last converged: their changes are no drift. */
  private final Set<String> deploying = ConcurrentHashMap.newKeySet();

  /** Environments that need a person: no pass runs until their inputs change. */
  private final Map<String, Stall> stalls = new ConcurrentHashMap<>();

  /** Environments whose changed spec has not been reported as rolling out yet. */
  private final Set<String> unannounced = ConcurrentHashMap.newKeySet();

  /** Since when each Environment has run its commit healthy: what promotions wait for. */
  private final HealthyCommits healthy = new HealthyCommits();

  private volatile Notices notices = Notices.NONE;

  private final ControllerGate gate;

  private volatile DesiredState desired;
  private volatile String configurationError;
  private final ScheduledBackups backups;
  private final DependencyChecks dependencies;

  /** Per Environment, the problems of its own documents (Kubernetes mode validates each). */
  private volatile Map<String, String> environmentErrors = Map.of();

  public Controller(
      Rollout rollout,
      Sources sources,
      StatusStore store,
      ControllerEvents events,
      int workers,
      Backoff backoff,
      Clock clock) {
    this.rollout = rollout;
    this.sources = sources;
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.queue =
        new WorkQueue<>(
            this::reconcile,
            workers,
            backoff,
            QueueScheduler.system(),
            new WorkQueue.Listener<>() {
              @Override
              public void finished(
                  String key, String trigger, Duration took, WorkQueue.Result result) {
                events.reconciled(key, took, result.ok());
              }
            });
    this.gate = new ControllerGate(sources, clock, () -> notices, healthy, this::previousStatus);
    this.backups = new ScheduledBackups(() -> desired, rollout, this::backedUp, clock);
    backups.start();
    this.dependencies =
        new DependencyChecks(
            () -> desired,
            rollout.dependencies(new dev.capstan.release.HostPackages()),
            this::dependenciesChecked,
            clock);
  }

  /** A dependency check of {@code name} ended: its status and metrics show it. */
  private void dependenciesChecked(String name, DependencyStatus checked) {
    EnvironmentStatus known = previousStatus(name);
    EnvironmentStatus base = known != null ? known : StatusRecorder.unreconciled(name);
    DesiredState state = desired;
    Environment environment = state == null ? null : state.environments().get(name);
    record(base.withDependencies(checked, clock.instant()), environment);
    events.dependenciesChecked(name, checked);
    if (environment != null && checked.vulnerable() > 0) {
      gate.tell(
          state,
          environment,
          List.of(EnvironmentNotices.ofVulnerable(name, base.commit(), checked)));
    }
  }

  /** Where the Environments' notifications go from now on (none until set). */
  public void notifyWith(Notices sink) {
    this.notices = sink;
  }

  /** A scheduled backup of {@code name} ended: its status shows it. */
  private void backedUp(String name, dev.capstan.backup.BackupResult result) {
    EnvironmentStatus known = previousStatus(name);
    EnvironmentStatus base = known != null ? known : StatusRecorder.unreconciled(name);
    EnvironmentStatus updated =
        base.withBackups(BackupStatus.after(base.backups(), result, clock.instant().toString()));
    DesiredState state = desired;
    Environment environment = state == null ? null : state.environments().get(name);
    record(updated, environment);
    events.backedUp(name, result, clock.instant());
    if (environment != null && !result.nothingYet()) {
      gate.tell(
          state,
          environment,
          List.of(EnvironmentNotices.ofBackup(name, base.commit(), result, clock.instant())));
    }
  }

  /**
   * A new desired state: changed Environments reconcile at once (their backoff forgotten), removed
   * ones stop being managed and their hosts are left as they are.
   */
  public synchronized void desiredState(DesiredState next) {
    DesiredState previous = desired;
    desired = next;
    configurationError = null;
    for (Environment environment : next.sortedEnvironments().values()) {
      String name = environment.name();
      if (previous == null || !sameSpec(previous, next, name)) {
        deploying.add(name);
        if (previous != null) {
          unannounced.add(name); // at startup the spec may well be what the hosts run
        }
        queue.forget(name);
        stalls.remove(name);
        queue.enqueue(name, previous == null ? "startup" : "spec-change");
      } else if (statuses.containsKey(name)) {
        record(statuses.get(name), environment); // clears a configuration error shown before
      }
    }
    if (previous != null) {
      previous.environments().keySet().stream()
          .filter(name -> !next.environments().containsKey(name))
          .forEach(this::stopManaging);
    }
  }

  /**
   * Like {@link #desiredState(DesiredState)}, for adapters that validate each Environment on its
   * own (Kubernetes mode): each Environment in {@code invalid} shows its problems in status; one
   * that is still in {@code next} (its last valid spec, kept by the adapter) stays in force, one
   * that is not is only reported.
   */
  public synchronized void desiredState(DesiredState next, Map<String, String> invalid) {
    Map<String, String> before = environmentErrors;
    environmentErrors = Map.copyOf(invalid);
    desiredState(next);
    invalid.keySet().stream()
        .filter(name -> !next.environments().containsKey(name))
        .forEach(
            name -> record(statuses.getOrDefault(name, StatusRecorder.unreconciled(name)), null));
    before.keySet().stream()
        .filter(name -> !invalid.containsKey(name) && !next.environments().containsKey(name))
        .forEach(
            name -> {
              statuses.remove(name);
              store.remove(name);
            });
  }

  /** Something the spec does not show changed (a Secret it names): reconcile it soon. */
  public void requeue(String environment, String trigger) {
    DesiredState state = desired;
    if (state != null && state.environments().containsKey(environment)) {
      stalls.remove(environment);
      queue.enqueue(environment, trigger);
    }
  }

  /** The desired state became invalid: the last good one stays in force; status says why. */
  public synchronized void configurationError(String problems) {
    configurationError = problems;
    LOG.warn("desired state is invalid, the last good one stays in force:\n{}", problems);
    DesiredState state = desired;
    statuses
        .values()
        .forEach(
            status ->
                record(status, state == null ? null : state.environments().get(status.name())));
  }

  /**
   * A push was announced: repositories that match the hint (all, when there is none) are fetched at
   * once by the Environments that follow a branch.
   */
  public void pushed(List<String> repositoryUrlHints) {
    DesiredState state = desired;
    if (state == null) {
      return;
    }
    for (Environment environment : state.sortedEnvironments().values()) {
      Application application = state.applicationOf(environment);
      if (repositoryUrlHints.isEmpty()
          || PushHints.matches(application.spec().repository().url(), repositoryUrlHints)) {
        try {
          sources.markStale(application);
        } catch (SourceException e) {
          LOG.warn("push for {}: {}", environment.name(), e.getMessage());
        }
        queue.enqueue(environment.name(), "push");
      }
    }
  }

  /** Every Environment's last recorded status, sorted by name. */
  public List<EnvironmentStatus> statuses() {
    return new TreeMap<>(statuses).values().stream().toList();
  }

  /**
   * Every Environment's release history, read from its hosts now (one command per host): what the
   * status page shows. An Environment whose history cannot be read is left out.
   */
  public List<EnvironmentHistory.Report> histories() {
    DesiredState state = desired;
    if (state == null) {
      return List.of();
    }
    List<EnvironmentHistory.Report> reports = new java.util.ArrayList<>();
    for (Environment environment : new java.util.TreeMap<>(state.environments()).values()) {
      try {
        reports.add(rollout.history(state, environment));
      } catch (Credentials.CredentialsException | RuntimeException e) {
        LOG.debug("no history of {} for the status page: {}", environment.name(), e.getMessage());
      }
    }
    return reports;
  }

  /** Ready once a valid desired state has been loaded. */
  public boolean ready() {
    return desired != null;
  }

  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return queue.awaitIdle(timeout);
  }

  private WorkQueue.Result reconcile(String name, String trigger) {
    DesiredState state = desired;
    Environment environment = state == null ? null : state.environments().get(name);
    if (environment == null) {
      return WorkQueue.Result.done();
    }
    if (environment.spec().suspend()) {
      LOG.debug("suspended: leaving its hosts alone");
      return WorkQueue.Result.requeueAfter(environment.spec().driftInterval());
    }
    String inputs = rollout.inputsFingerprint(environment);
    Stall stall = stalls.get(name);
    if (stall != null && stall.holds(inputs, clock.instant())) {
      LOG.debug("stalled ({}): waiting for its credentials or spec to change", stall.reason());
      return WorkQueue.Result.requeueAfter(environment.spec().driftInterval());
    }
    LOG.debug("reconciling ({})", trigger);
    EnvironmentStatus before = previousStatus(name);
    RolloutGate.Gated gated = gate.gate(state, environment, before);
    if (gated.hold() != null) {
      gate.tellHeld(state, environment, before, gated.hold());
    }
    if (gated.environment() == null) {
      EnvironmentStatus waiting = before != null ? before : StatusRecorder.unreconciled(name);
      record(waiting.withHold(gated.hold()), environment);
      return WorkQueue.Result.requeueAfter(ControllerGate.recheck(environment, gated));
    }
    environment = gated.environment();
    Environment built = environment;
    if (unannounced.remove(name) && gated.hold() == null) {
      record(StatusRecorder.rollingOut(before, environment, clock.instant()), environment);
    }
    RolloutReport report =
        rollout.apply(
            state,
            environment,
            new ProgressLog(
                name,
                events,
                release ->
                    gate.tell(
                        state,
                        built,
                        List.of(
                            EnvironmentNotices.ofBuildStarted(built, release, clock.instant())))),
            CONTINUOUS.by(SwitchedBy.controller(trigger)));
    EnvironmentStatus previous = previousStatus(name);
    Map<String, Change> drift = Drift.corrected(previous, report, deploying.contains(name));
    if (report.converged() && gated.hold() == null) {
      deploying.remove(name);
    }
    EnvironmentStatus recorded =
        StatusRecorder.record(previous, report, drift, clock.instant()).withHold(gated.hold());
    record(recorded, environment);
    gate.tell(
        state,
        environment,
        EnvironmentNotices.ofPass(previous, recorded, report, drift, clock.instant()));
    dependencies.passed(name, statuses.get(name));
    report
        .stalled()
        .filter(Reason::refusesAccess)
        .ifPresentOrElse(
            reason -> {
              stalls.put(name, Stall.of(reason, inputs, clock.instant()));
              LOG.warn(
                  "stalled ({}): not tried again until its credentials or spec change, or for {}",
                  reason,
                  DurationText.format(Stall.CAP));
            },
            () -> stalls.remove(name));
    ReportEvents.tell(events, report, drift);
    WorkQueue.Result next =
        NextReconcile.after(
            report,
            environment.spec().driftInterval(),
            state.applicationOf(environment).spec().repository().pollInterval());
    return gated.recheckAfter() == null
        ? next
        : ControllerGate.sooner(next, ControllerGate.recheck(environment, gated));
  }

  /** The Environments promoting from {@code source} look again: it runs a new healthy commit. */
  private void promotionsFrom(String source) {
    DesiredState state = desired;
    if (state == null) {
      return;
    }
    state.environments().values().stream()
        .filter(e -> e.spec().promoteFrom() != null)
        .filter(e -> e.spec().promoteFrom().environment().equals(source))
        .forEach(e -> queue.enqueue(e.name(), "promotion from " + source));
  }

  /**
   * What this controller last recorded; after a restart or a change of leader, what the store kept,
   * so conditions keep their transition times and hosts their drift history.
   */
  private EnvironmentStatus previousStatus(String name) {
    EnvironmentStatus known = statuses.get(name);
    return known != null ? known : store.read(name).orElse(null);
  }

  /** Records a status; {@code reconciled} is the spec it reflects, null when there is none. */
  private void record(EnvironmentStatus status, Environment reconciled) {
    EnvironmentStatus previous = statuses.get(status.name());
    if (status.backups() == null && previous != null && previous.backups() != null) {
      status = status.withBackups(previous.backups()); // a pass knows nothing of backups
    }
    if (status.dependencies() == null) {
      status = status.withDependenciesOf(previous); // nor of dependencies
    }
    String error =
        configurationError != null ? configurationError : environmentErrors.get(status.name());
    EnvironmentStatus shown =
        StatusRecorder.withConfigurationError(status, error)
            .withHold(status.hold())
            .withNotifications(notices.lastDeliveries(status.name()))
            .withDependenciesOf(status);
    statuses.put(shown.name(), shown);
    if (healthy.observe(shown, clock.instant())) {
      promotionsFrom(shown.name());
    }
    store.write(shown, reconciled);
  }

  private void stopManaging(String name) {
    queue.remove(name);
    statuses.remove(name);
    deploying.remove(name);
    unannounced.remove(name);
    stalls.remove(name);
    healthy.forget(name);
    dependencies.forget(name);
    store.remove(name);
    events.forgotten(name);
    LOG.info(
        "environment {} was removed from the desired state: no longer managed, its hosts are"
            + " left as they are",
        name);
  }

  private static boolean sameSpec(DesiredState before, DesiredState after, String name) {
    Environment old = before.environments().get(name);
    Environment now = after.environments().get(name);
    return old != null
        && old.equals(now)
        && before.applicationOf(old).equals(after.applicationOf(now));
  }

  /**
   * Stops taking work and lets reconciles in flight finish for {@code grace}; then interrupts them:
   * their steps are abandoned (remote commands killed) and their locks given back.
   */
  public void close(Duration grace) throws InterruptedException {
    backups.close();
    notices.close();
    dependencies.close();
    queue.shutdown(grace);
    rollout.close();
  }

  @Override
  public void close() {
    try {
      close(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
