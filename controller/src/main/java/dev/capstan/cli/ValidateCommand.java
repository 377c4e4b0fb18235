package dev.capstan.cli;

import dev.capstan.host.OfflineSshChecks;
import dev.capstan.model.DesiredState;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.model.Problem;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capstan validate}: checks every document; problems as FILE:LINE:COL, exit 2. */
@Command(name = "validate", description = "Check every document; print problems as FILE:LINE:COL.")
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.loadAsWritten();
    List<Problem> ssh = OfflineSshChecks.check(state);
    if (!ssh.isEmpty()) {
      throw new InvalidDesiredStateException(ssh);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s: valid (%d application(s), %d environment(s))%n",
            desired.path, state.applications().size(), state.environments().size());
    return 0;
  }
}
