package dev.capstan.cli;

import dev.capstan.host.ExecResult;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.reconcile.Rollout;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capstan exec -- CMD…}: a one-off command in the live release of one host, with the app's
 * env and virtualenv. Its output and exit status are the command's own; Capstan adds nothing.
 */
@Command(
    name = "exec",
    description =
        "Run a one-off command in the live release of one host (the first, or --host/--role),"
            + " with the app's env and virtualenv; exit with the command's status.")
final class ExecCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @ArgGroup(exclusive = true)
  Target target;

  static final class Target {
    @Option(names = "--host", paramLabel = "H", description = "The host, as the spec names it.")
    String host;

    @Option(names = "--role", paramLabel = "R", description = "The first host with this role.")
    String role;
  }

  @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments.")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    DesiredState state = desired.load(spec.commandLine().getErr());
    List<Environment> selected = desired.select(state);
    if (selected.size() != 1) {
      throw new UsageException("exec runs on one Environment: name it with --env");
    }
    Environment environment = selected.get(0);
    HostAddress host = choose(environment);
    try (Rollout rollout = engine.rollout()) {
      ExecResult result = rollout.exec(state, environment, host, command);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      out.print(result.stdout());
      out.flush();
      err.print(result.stderr());
      err.flush();
      return result.exitStatus();
    }
  }

  private HostAddress choose(Environment environment) throws UsageException {
    List<HostSpec> hosts = environment.spec().hostSpecs();
    if (target == null) {
      return hosts.get(0).address();
    }
    for (HostSpec host : hosts) {
      if (target.host != null && host.address().toString().equals(target.host)
          || target.role != null && host.hasRole(target.role)) {
        return host.address();
      }
    }
    throw new UsageException(
        "environment "
            + environment.name()
            + " has no "
            + (target.host != null ? "host " + target.host : "host with role " + target.role)
            + "; its hosts: "
            + String.join(", ", hosts.stream().map(h -> h.address().toString()).toList()));
  }
}
