package dev.capstan.reconcile;

import dev.capstan.host.RemoteHost;
import dev.capstan.model.HostAddress;
import dev.capstan.release.Action;
import dev.capstan.release.HostLock;
import dev.capstan.release.HostPlan;
import dev.capstan.release.ObservedHost;
import dev.capstan.release.ObservedRelease;
import dev.capstan.release.ReleaseState;
import dev.capstan.services.ServiceDriver;
import dev.capstan.services.ServiceState;
import java.util.ArrayList;
import java.util.List;

/**
 * One host's progress through a pass: its connection, lock, observation, plan and outcome. Only one
 * step works on a host at a time; the steps change it through the methods below.
 */
final class HostRun {

  private final HostAddress address;
  private RemoteHost connection;
  private HostLock lock;
  private ObservedHost observed;
  private HostPlan plan;
  private HostState state;
  private Reason reason;
  private String message;

  /** The commit whose release failed here in this pass; null when none. */
  private String failedCommit;

  private String live;
  private String liveCommit;

  /** What the live release's health check said when observed; null when healthy or unchecked. */
  private String healthFailure;

  private final List<Change> changes = new ArrayList<>();

  /** What runs the host's services; null until observed, or when the Application has none. */
  private ServiceDriver driver;

  /** Each service's state as last seen or made: empty when the host runs none. */
  private List<ServiceState> services = List.of();

  /** The rollout wave this pass put the host in (0 the canary); null when none. */
  private Integer wave;

  /** What became of the host in its wave, in {@link WaveVerdict}'s words; null when none. */
  private String verdict;

  HostRun(HostAddress address) {
    this.address = address;
  }

  String name() {
    return address.toString();
  }

  HostAddress address() {
    return address;
  }

  void connected(RemoteHost newConnection) {
    connection = newConnection;
  }

  /** Null until connected. */
  RemoteHost connection() {
    return connection;
  }

  boolean usable() {
    return connection != null
        && state != HostState.Unreachable
        && state != HostState.Failed
        && state != HostState.Waiting;
  }

  /** Usable, planned and not in sync. */
  boolean needsChange() {
    return usable() && plan != null && !plan.inSync();
  }

  /** Usable, planned and in sync. */
  boolean inSync() {
    return usable() && plan != null && plan.inSync();
  }

  ObservedHost observed() {
    return observed;
  }

  HostPlan plan() {
    return plan;
  }

  /** Takes a new observation and the plan made from it. */
  void observed(ObservedHost newObservation, HostPlan newPlan) {
    observed = newObservation;
    plan = newPlan;
    ObservedRelease liveRelease = newObservation.live().orElse(null);
    live = liveRelease == null ? null : liveRelease.name();
    liveCommit = liveRelease == null ? null : liveRelease.commit();
  }

  ServiceDriver driver() {
    return driver;
  }

  void driver(ServiceDriver chosen) {
    driver = chosen;
  }

  List<ServiceState> services() {
    return services;
  }

  void services(List<ServiceState> states) {
    services = List.copyOf(states);
  }

  String healthFailure() {
    return healthFailure;
  }

  void healthFailure(String failure) {
    healthFailure = failure;
  }

  Integer wave() {
    return wave;
  }

  /** The host switches in wave {@code index} (0 the canary, then the batches from 1). */
  void wave(int index) {
    wave = index;
  }

  String verdict() {
    return verdict;
  }

  /** What became of the host in the rollout's waves, {@code why} after a colon when given. */
  void verdict(WaveVerdict newVerdict, String why) {
    verdict = newVerdict.describe(why);
  }

  /** Null when this pass holds no lock on the host. */
  HostLock lock() {
    return lock;
  }

  /** The lock is taken; {@code underLock} is what the host showed in the same round trip. */
  void locked(HostLock taken, ObservedHost underLock) {
    lock = taken;
    observed = underLock.withRuntimeOf(observed);
  }

  /** A lock taken inside a step's own command. */
  void adopted(HostLock taken) {
    lock = taken;
  }

  /** The lock was given back (or was never ours). */
  void unlocked() {
    lock = null;
  }

  /** No step has decided the host's outcome yet. */
  boolean undecided() {
    return state == null;
  }

  HostState state() {
    return state;
  }

  String message() {
    return message;
  }

  /** The host's outcome is {@code why}; its state follows from the reason. */
  void fail(Reason newReason, String why) {
    state = Failures.state(newReason);
    reason = newReason;
    message = why;
  }

  /** The release of {@code commit} failed here: {@code why} names the commit and the step. */
  void failedCommit(Reason newReason, String commit, String why) {
    fail(newReason, Failures.forCommit(commit, why));
    failedCommit = commit;
  }

  Reason reason() {
    return reason;
  }

  void ready() {
    state = HostState.Ready;
    reason = Reason.Converged;
  }

  /** The live release's name; null when none. */
  String live() {
    return live;
  }

  /** {@code current} now points at {@code release}, of {@code commit} (null when unknown). */
  void live(String release, String commit) {
    live = release;
    liveCommit = commit;
  }

  void ready(String why) {
    ready();
    message = why;
  }

  /** Something this pass changed on the host, in the words drift reports use. */
  void changed(Change.Kind kind, String what) {
    changes.add(new Change(kind, what));
  }

  /** Whether this pass built {@code release} here (its plan no longer says so once built). */
  boolean built(String release) {
    return changes.stream()
        .anyMatch(
            c ->
                c.kind() == Change.Kind.RELEASE_REBUILT && c.text().startsWith("built " + release));
  }

  /** "host is State: message", for other hosts' messages. */
  String describeState() {
    return name() + " is " + state + (message == null ? "" : ": " + message);
  }

  HostReport report() {
    HostState finalState = state;
    Reason finalReason = reason;
    String why = message;
    String failedOf = failedCommit;
    ObservedRelease failed = failedDesiredRelease();
    if (finalState == null && failed != null) {
      // What the pass that failed said, as it recorded it on the host: the same words and
      // reason in every later pass, in apply and under the controller.
      String recorded =
          failed.message() == null ? "release " + failed.name() + " failed" : failed.message();
      finalReason = Failures.ofStep(Failures.stepOf(recorded), !failed.name().equals(live));
      finalState = Failures.state(finalReason);
      why = Failures.forCommit(failed.commit(), recorded);
      failedOf = failed.commit();
    } else if (finalState == null) {
      boolean inSync = plan != null && plan.inSync();
      finalState = inSync ? HostState.Ready : HostState.OutOfSync;
      finalReason = inSync ? Reason.Converged : Reason.OutOfSync;
    } else if (finalReason == null) {
      finalReason = finalState == HostState.Ready ? Reason.Converged : Reason.OutOfSync;
    }
    List<String> actions =
        plan == null || finalState == HostState.Ready
            ? List.of()
            : plan.actions().stream().map(Action::describe).toList();
    return new HostReport(
        name(),
        live,
        liveCommit,
        finalState,
        finalReason,
        why,
        failedOf,
        actions,
        List.copyOf(changes),
        services,
        wave,
        verdict);
  }

  /** The newest release of the desired commit and recipe, when it failed: the host says why. */
  ObservedRelease failedDesiredRelease() {
    if (observed == null || plan == null || plan.inSync()) {
      return null;
    }
    return observed.releases().stream()
        .filter(r -> r.builds(plan.desired()))
        .reduce((older, newer) -> newer)
        .filter(r -> r.state() == ReleaseState.FAILED)
        .orElse(null);
  }
}
