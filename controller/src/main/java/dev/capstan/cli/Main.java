package dev.capstan.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code capstan}: the command line. Each subcommand is a small class of its own. */
@Command(
    name = "capstan",
    // Inherited: every subcommand takes -h/--help (exit 0, even without its required options).
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Declarative, Capistrano-style deployments of Python web apps to Linux hosts.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      DepsCommand.class,
      RunCommand.class,
      RetryCommand.class,
      RollbackCommand.class,
      BackupCommand.class,
      BackupsCommand.class,
      RestoreCommand.class,
      RestartCommand.class,
      ExecCommand.class,
      PinCommand.class,
      UnpinCommand.class,
      VetoCommand.class,
      UnvetoCommand.class,
      UpgradeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  /** Exit status for bad input: usage errors and invalid documents. */
  public static final int EXIT_INVALID = 2;

  public static void main(String[] args) {
    if (args.length > 0
        && args[0].equals("run")
        && System.getProperty("capstan.log.level") == null) {
      // The controller reports what it does in its log; one-shot commands print progress instead.
      System.setProperty("capstan.log.level", "INFO");
    }
    // Logback reads its configuration here, on this thread, before any other thread exists. Left
    // to the first logger, that happens on a host thread while the others log, and SLF4J then
    // prints on stderr that it buffered and replayed their calls.
    LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it with their own writers. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    return commandLine;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"capstan " + (version == null ? "development build" : version)};
    }
  }
}
