package dev.capstan.cli;

import dev.capstan.reconcile.Rollout;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code capstan retry}: deploys once more a commit held back because it failed (after the host or
 * a dependency was fixed, say), as {@code apply} would a new one. If it fails again, it is held
 * back again.
 */
@Command(
    name = "retry",
    description =
        "Deploy once more a commit that failed and is held back since; exit 1 unless all"
            + " converged.")
final class RetryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    return ApplyCommand.converge(spec, desired, engine, Rollout.Options.RETRY);
  }
}
