package dev.capstan.cli;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.Credentials;
import dev.capstan.source.UpgradeBranch;
import dev.capstan.upgrade.UpgradeRefused;
import dev.capstan.upgrade.Upgrader;
import dev.capstan.upkeep.AdvisoryException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capstan upgrade}: upgraded requirements tried in a scratch virtualenv on the Environment's
 * first host with {@code upkeep.test}, and committed on a branch only when every test passed.
 */
@Command(
    name = "upgrade",
    description = {
      "Upgrade the pinned (==) packages of the Application's requirements file: look up versions"
          + " in upkeep.index from the first host of its Environment (--env, else the first by"
          + " name), install them in a scratch virtualenv there (<deployPath>/upkeep/, outside"
          + " releases/, removed after), run every upkeep.test command, and only if all pass commit"
          + " the new requirements file on --branch, created from the commit the Environment runs"
          + " (or moved forward from an ancestor of it; any other tip is refused).",
      "With --push the branch goes to the Application's repository, pushed with its"
          + " credentials. Without it nothing leaves this machine: the branch is written to a local"
          + " bare repository, <state-dir>/upgrades/<application>.git, to inspect (git -C PATH"
          + " show BRANCH) and push by hand.",
      "Exit status: 0 committed, 1 a test (or the install) failed and nothing was committed,"
          + " 2 refused (bad options, no upkeep.index, --security-only without advisories, a branch"
          + " that moved elsewhere), 4 nothing to upgrade."
    })
final class UpgradeCommand implements Callable<Integer> {

  static final int EXIT_TESTS_FAILED = 1;
  static final int EXIT_NOTHING_TO_UPGRADE = 4;

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Option(
      names = "--app",
      required = true,
      paramLabel = "NAME",
      description = "The Application to upgrade.")
  String app;

  @Option(
      names = "--security-only",
      description =
          "Only packages a known advisory (upkeep.advisories) affects, each to the smallest"
              + " version no advisory affects; otherwise every pin goes to the newest version.")
  boolean securityOnly;

  @Option(
      names = "--branch",
      defaultValue = "capstan/upgrades",
      paramLabel = "NAME",
      description = "The branch the commit goes on (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--push",
      description = "Push the branch to the Application's repository, with its credentials.")
  boolean push;

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    Application application = application(state);
    Environment environment = environment(state, application);
    if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw new UsageException("--branch: not a valid branch name: " + branch);
    }
    PrintWriter out = spec.commandLine().getOut();
    Upgrader.Request request =
        new Upgrader.Request(
            application,
            environment,
            revision(state, environment),
            securityOnly,
            branch,
            push
                ? UpgradeBranch.Destination.repository()
                : UpgradeBranch.Destination.local(
                    desired.stateDir().resolve("upgrades").resolve(application.name() + ".git")));
    Upgrader.Outcome outcome;
    try {
      outcome =
          new Upgrader(
                  engine.mirrors(),
                  new DefaultHostConnector(),
                  new FileCredentials().ssh(environment),
                  Clock.systemUTC(),
                  line -> {
                    out.println(application.name() + ": " + line);
                    out.flush();
                  })
              .run(request);
    } catch (UpgradeRefused | Credentials.CredentialsException | AdvisoryException e) {
      spec.commandLine().getErr().println("capstan: upgrade refused: " + e.getMessage());
      return Main.EXIT_INVALID;
    }
    out.print(UpgradePrinter.text(outcome, branch, engine.verbose));
    out.flush();
    return switch (outcome.kind()) {
      case COMMITTED -> 0;
      case TESTS_FAILED -> EXIT_TESTS_FAILED;
      case NOTHING_TO_UPGRADE -> EXIT_NOTHING_TO_UPGRADE;
    };
  }

  private Application application(DesiredState state) throws UsageException {
    Application application = state.applications().get(app);
    if (application == null) {
      throw new UsageException(
          "no Application named \""
              + app
              + "\" in "
              + desired.path
              + " (there are: "
              + String.join(", ", new java.util.TreeSet<>(state.applications().keySet()))
              + ")");
    }
    return application;
  }

  /** {@code --env} (which must deploy the Application), else its first Environment by name. */
  private Environment environment(DesiredState state, Application application)
      throws UsageException {
    if (desired.environment != null) {
      Environment named = DesiredStateOptions.named(state, desired.environment, desired.path);
      if (!named.spec().application().equals(application.name())) {
        throw new UsageException(
            "Environment "
                + named.name()
                + " deploys "
                + named.spec().application()
                + ", not "
                + application.name());
      }
      return named;
    }
    return state.sortedEnvironments().values().stream()
        .filter(e -> e.spec().application().equals(application.name()))
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "no Environment deploys application " + application.name() + ": nothing runs"));
  }

  /** The Environment's revision, or, when it is promoted, that of the one it follows. */
  private String revision(DesiredState state, Environment environment) throws UsageException {
    Set<String> seen = new HashSet<>();
    Environment at = environment;
    while (at.spec().revision() == null && at.spec().promoteFrom() != null) {
      if (!seen.add(at.name())) {
        throw new UsageException("Environment " + environment.name() + ": promoteFrom loops");
      }
      at = DesiredStateOptions.named(state, at.spec().promoteFrom().environment(), desired.path);
    }
    if (at.spec().revision() == null) {
      throw new UsageException("Environment " + at.name() + " names no revision");
    }
    return at.spec().revision();
  }
}
