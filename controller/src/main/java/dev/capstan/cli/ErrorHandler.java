package dev.capstan.cli;

import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.model.Problem;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to messages and exit codes: invalid documents print every problem and exit 2;
 * anything unexpected prints one line (no stack trace) and exits 1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    if (e instanceof InvalidDesiredStateException invalid) {
      for (Problem problem : invalid.problems()) {
        commandLine.getErr().println(problem);
      }
      commandLine.getErr().println(invalid.problems().size() + " problem(s) found");
      return Main.EXIT_INVALID;
    }
    if (e instanceof dev.capstan.reconcile.Pins.PinsException) {
      commandLine.getErr().println("capstan: " + e.getMessage());
      return 1;
    }
    if (e instanceof UsageException) {
      commandLine.getErr().println("capstan: " + e.getMessage());
      return Main.EXIT_INVALID;
    }
    commandLine
        .getErr()
        .println("capstan: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    return 1;
  }
}
