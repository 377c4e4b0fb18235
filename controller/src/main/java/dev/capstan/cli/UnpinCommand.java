package dev.capstan.cli;

import dev.capstan.reconcile.Pins;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capstan unpin}: lets an Environment follow its revision again. */
@Command(name = "unpin", description = "Let an Environment follow its revision again.")
final class UnpinCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin PinsOptions target;

  @Override
  public Integer call() throws Exception {
    target.check();
    PrintWriter out = spec.commandLine().getOut();
    Pins pins = target.pins();
    boolean had;
    try {
      had = pins.unpin(target.environment);
    } finally {
      PinsOptions.close(pins);
    }
    out.printf(
        "Environment %s: %s%n",
        target.environment,
        had ? "unpinned, follows its revision again" : "was not pinned (by command)");
    out.flush();
    return 0;
  }
}
