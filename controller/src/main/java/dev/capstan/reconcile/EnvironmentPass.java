package dev.capstan.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * One pass over one Environment, as a list of steps over the pass's hosts: each step does its work
 * and says whether the pass goes on; the pass stops at the first that says stop, then runs its
 * closing step. A host that fails keeps its live release; no host switches unless every host built.
 */
final class EnvironmentPass implements AutoCloseable {

  /** Runs after the steps however they ended; it only touches the hosts chosen for change. */
  private static final PassStep CLOSING = new PruneAndUnlock();

  private final PassState state;

  EnvironmentPass(PassState.Inputs inputs) {
    this.state = new PassState(inputs);
  }

  /** The steps of {@code capstan plan} and {@code status}: observe and plan, change nothing. */
  static List<PassStep> observing() {
    return List.of(new ObserveHosts(false), new ShowLockHolders());
  }

  /** The steps of a pass that converges. */
  static List<PassStep> converging(Rollout.Options options) {
    List<PassStep> steps = new ArrayList<>();
    steps.add(new ObserveHosts(options.verifyHealth()));
    if (!options.retryFailedRelease()) {
      steps.add(new HoldFailedRelease());
    }
    if (options.verifyHealth()) {
      steps.add(new ReactivateUnhealthy());
    }
    steps.add(new ChooseHostsToChange());
    steps.add(new LockHosts());
    steps.add(new WriteConfigFiles());
    steps.add(new BuildReleases());
    steps.add(new WaitForEveryHost());
    steps.add(new SwitchInBatches());
    steps.add(new CorrectServices());
    steps.add(new RelinkShared());
    return steps;
  }

  /** The steps of {@code capstan restart}: observe, then restart services host batch by batch. */
  RolloutReport restart(List<String> only) {
    return run(List.of(new ObserveHosts(false), new RestartServices(only)));
  }

  RolloutReport observeOnly() {
    return run(observing());
  }

  RolloutReport converge(Rollout.Options options) {
    state.switchedBy(options.switchedBy());
    return run(converging(options));
  }

  private RolloutReport run(List<PassStep> steps) {
    for (PassStep step : steps) {
      if (step.run(state) == PassStep.Next.STOP) {
        break;
      }
    }
    CLOSING.run(state);
    return state.report();
  }

  @Override
  public void close() {
    // A cancelled pass arrives here interrupted; the locks must still be given back.
    state.close();
  }
}
