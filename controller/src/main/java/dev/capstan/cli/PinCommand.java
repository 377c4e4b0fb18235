package dev.capstan.cli;

import dev.capstan.model.Pin;
import dev.capstan.reconcile.Pins;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan pin}: holds an Environment on a commit whatever its revision says. */
@Command(
    name = "pin",
    description = "Hold an Environment on a commit whatever its revision says, until unpin.")
final class PinCommand implements Callable<Integer> {

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
      pins.pin(target.environment, full, reason, Pin.BY_PIN);
    } finally {
      PinsOptions.close(pins);
    }
    out.printf(
        "Environment %s: pinned to %s by pin%s (kept in %s)%n",
        target.environment, full, PinCommand.quoted(reason), target.where());
    out.flush();
    return 0;
  }

  /** {@code : "reason"}, or nothing without one. */
  static String quoted(String reason) {
    return reason == null || reason.isBlank() ? "" : ": \"" + reason + "\"";
  }
}
