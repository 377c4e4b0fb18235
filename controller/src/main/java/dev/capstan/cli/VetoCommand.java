package dev.capstan.cli;

import dev.capstan.reconcile.Pins;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan veto}: a commit that is never deployed to an Environment. */
@Command(
    name = "veto",
    description =
        "Never deploy a commit to an Environment; a vetoed revision keeps the live commit.")
final class VetoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin PinsOptions target;

  @Parameters(
      index = "0",
      paramLabel = "COMMIT",
      description = "A commit (full or short), tag or branch.")
  String commit;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown in plan and status.")
  String reason;

  @Override
  public Integer call() throws Exception {
    target.check();
    PrintWriter out = spec.commandLine().getOut();
    String full = target.resolve(commit);
    Pins pins = target.pins();
    try {
      pins.veto(target.environment, full, reason);
    } finally {
      PinsOptions.close(pins);
    }
    out.printf(
        "Environment %s: vetoed %s%s (kept in %s)%n",
        target.environment, full, PinCommand.quoted(reason), target.where());
    out.flush();
    return 0;
  }
}
