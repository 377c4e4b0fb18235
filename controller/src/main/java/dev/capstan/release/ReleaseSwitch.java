package dev.capstan.release;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.remote.RemoteScript;
import dev.capstan.services.ServiceException;
import java.time.Duration;
import java.util.List;

/**
 * Makes a release live on one host and proves it: the {@code beforeSwitch} steps, the atomic switch
 * of {@code current}, the services rolled onto it, the activate steps and the health check. On
 * failure, says why with the services' own log lines; {@link HostDeployer} decides on rollback.
 */
final class ReleaseSwitch {

  private final RemoteHost host;
  private final Recipe recipe;
  private final StepRunner steps;
  private final ReleaseSteps releaseSteps;
  private final HostServices services;
  private final HostDeployer.Timeouts timeouts;
  private final ProgressListener progress;

  ReleaseSwitch(
      RemoteHost host,
      Recipe recipe,
      StepRunner steps,
      ReleaseSteps releaseSteps,
      HostServices services,
      HostDeployer.Timeouts timeouts,
      ProgressListener progress) {
    this.host = host;
    this.recipe = recipe;
    this.steps = steps;
    this.releaseSteps = releaseSteps;
    this.services = services;
    this.timeouts = timeouts;
    this.progress = progress;
  }

  /**
   * Null when {@code release} is live, its services run it and it is healthy, else what failed.
   * Without services, one round trip; with them, the services roll between the switch and the
   * check.
   */
  String switchTo(String release, SwitchedBy by) throws HostException {
    progress.progress(host.name(), "switching current to " + release);
    RemoteScript script = RemoteScript.create();
    if (!recipe.beforeSwitchSteps().isEmpty()) {
      StepRunner.add(steps.enter(script, release), recipe.beforeSwitchSteps());
    }
    steps.after(script, releaseSteps.switchTo(release, by), release);
    if (!hasServices()) {
      return failureOf(activateAndCheck(script), checkTimeout());
    }
    String failure = failureOf(script, timeouts.activate());
    if (failure != null) {
      return failure;
    }
    return rollAndCheck(release, null);
  }

  /**
   * Makes the named services (all when null) run the live {@code release} again, then activates and
   * checks it: null when healthy.
   */
  String rollAndCheck(String release, List<String> only) throws HostException {
    if (hasServices()) {
      progress.progress(
          host.name(),
          (only == null ? "rolling the services" : "restarting " + String.join(", ", only))
              + " onto "
              + release);
      try {
        if (only == null) {
          services.driver().roll(services.plan(release), services.settle());
        } else {
          services.driver().roll(services.plan(release), only, services.settle());
        }
      } catch (ServiceException e) {
        return "services: " + e.getMessage();
      }
    }
    RemoteScript script = activateAndCheck(steps.inRelease(release));
    String failure = failureOf(script, checkTimeout());
    return failure == null ? null : failure + logTails();
  }

  /** The activate steps and the health check of the live release: null when healthy. */
  String reactivate(String release) throws HostException {
    progress.progress(host.name(), "activating " + release + " again");
    String failure = failureOf(activateAndCheck(steps.inRelease(release)), checkTimeout());
    return failure == null ? null : failure + logTails();
  }

  private RemoteScript activateAndCheck(RemoteScript script) {
    return StepRunner.add(StepRunner.add(script, recipe.activateSteps()), releaseSteps.health());
  }

  private Duration checkTimeout() {
    return timeouts.activate().plus(releaseSteps.healthTimeout());
  }

  private boolean hasServices() {
    return services != null && services.any();
  }

  /** The services' own last log lines, for a failed check's message; empty without services. */
  private String logTails() throws HostException {
    return hasServices() ? services.logTails() : "";
  }

  private String failureOf(RemoteScript script, Duration timeout) throws HostException {
    try {
      steps.run(script, timeout);
      return null;
    } catch (StepFailedException e) {
      return e.getMessage();
    }
  }
}
