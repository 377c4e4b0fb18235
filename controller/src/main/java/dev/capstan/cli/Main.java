package dev.capstan.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
    description = "Declarative, Capistrano-style deployments of Python web apps to Linux hosts.")
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
    System.exit(commandLine(args).execute(args));
  }

  /**
   * Every subcommand by its name, in the order help lists them. Each name is its class's
   * {@code @Command(name)} (CommandLineTest checks); the map exists so that a command builds only
   * its own picocli model.
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put("validate", ValidateCommand::new);
    all.put("plan", PlanCommand::new);
    all.put("apply", ApplyCommand::new);
    all.put("status", StatusCommand::new);
    all.put("history", HistoryCommand::new);
    all.put("deps", DepsCommand::new);
    all.put("run", RunCommand::new);
    all.put("retry", RetryCommand::new);
    all.put("rollback", RollbackCommand::new);
    all.put("backup", BackupCommand::new);
    all.put("backups", BackupsCommand::new);
    all.put("restore", RestoreCommand::new);
    all.put("restart", RestartCommand::new);
    all.put("exec", ExecCommand::new);
    all.put("pin", PinCommand::new);
    all.put("unpin", UnpinCommand::new);
    all.put("veto", VetoCommand::new);
    all.put("unveto", UnvetoCommand::new);
    all.put("upgrade", UpgradeCommand::new);
    all.put("help", CommandLine.HelpCommand::new);
    return all;
  }

  /** The configured command line with every subcommand; tests run it with their own writers. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for these arguments. When they name a subcommand, only that one is built:
   * picocli reads the annotations of every subcommand it is given (and instantiates each, with what
   * its fields hold), which cost a short command more CPU than its own work. {@code --version}
   * alone gets none; anything else (no subcommand, {@code --help}, a typo) gets them all, so usage
   * and suggestions are complete.
   */
  public static CommandLine commandLine(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    String named = firstWord(args);
    if (named != null && SUBCOMMANDS.containsKey(named) && !named.equals("help")) {
      commandLine.addSubcommand(named, SUBCOMMANDS.get(named).get());
    } else if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // The version alone needs no subcommand.
    } else {
      SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    return commandLine;
  }

  /** The first argument that is not an option: the subcommand, if any. */
  private static String firstWord(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
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
