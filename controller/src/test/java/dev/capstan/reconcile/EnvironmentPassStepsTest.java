package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps of a pass, in order, for each way a pass is run. */
class EnvironmentPassStepsTest {

  @Test
  void applyHoldsAFailedReleaseWithoutProbingHealth() {
    assertEquals(
        List.of(
            "ObserveHosts",
            "HoldFailedRelease",
            "ChooseHostsToChange",
            "LockHosts",
            "WriteConfigFiles",
            "BuildReleases",
            "WaitForEveryHost",
            "SwitchInBatches",
            "CorrectServices",
            "RelinkShared"),
        names(EnvironmentPass.converging(Rollout.Options.ONE_SHOT)));
  }

  @Test
  void theControllerHoldsAFailedReleaseAndActivatesUnhealthyHostsAgain() {
    assertEquals(
        List.of(
            "ObserveHosts",
            "HoldFailedRelease",
            "ReactivateUnhealthy",
            "ChooseHostsToChange",
            "LockHosts",
            "WriteConfigFiles",
            "BuildReleases",
            "WaitForEveryHost",
            "SwitchInBatches",
            "CorrectServices",
            "RelinkShared"),
        names(EnvironmentPass.converging(new Rollout.Options(false, true))));
  }

  @Test
  void planAndStatusOnlyObserve() {
    assertEquals(List.of("ObserveHosts", "ShowLockHolders"), names(EnvironmentPass.observing()));
  }

  private static List<String> names(List<PassStep> steps) {
    return steps.stream().map(step -> step.getClass().getSimpleName()).toList();
  }
}
