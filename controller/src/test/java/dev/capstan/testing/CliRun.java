package dev.capstan.testing;

import dev.capstan.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code capstan} command line in-process with captured output. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(args);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Everything printed, for assertion messages. */
  public String all() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
