package dev.capstan.cli;

import dev.capstan.reconcile.Pins;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan unveto}: lifts a veto. */
@Command(name = "unveto", description = "Lift the veto on a commit.")
final class UnvetoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin PinsOptions target;

  @Parameters(
      index = "0",
      paramLabel = "COMMIT",
      description = "A commit (full or short), tag or branch.")
  String commit;

  @Override
  public Integer call() throws Exception {
    target.check();
    PrintWriter out = spec.commandLine().getOut();
    String full = UnvetoCommand.resolveOrAsGiven(target, commit);
    Pins pins = target.pins();
    boolean had;
    try {
      had = pins.unveto(target.environment, full);
    } finally {
      PinsOptions.close(pins);
    }
    out.printf(
        "Environment %s: %s %s%n",
        target.environment, had ? "lifted the veto on" : "had no veto (by command) on", full);
    out.flush();
    return 0;
  }

  /** A veto may name a commit the mirror lost (force-pushed away): lift it by what was given. */
  static String resolveOrAsGiven(PinsOptions target, String commit) throws Exception {
    try {
      return target.resolve(commit);
    } catch (UsageException unknown) {
      return commit.toLowerCase(java.util.Locale.ROOT);
    }
  }
}
