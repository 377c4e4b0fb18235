package dev.capstan.cli;

import dev.capstan.file.FileCredentials;
import dev.capstan.host.DefaultHostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.Credentials;
import dev.capstan.reconcile.EnvironmentDependencies;
import dev.capstan.release.HostPackages;
import dev.capstan.release.StepFailedException;
import dev.capstan.upkeep.AdvisoryException;
import dev.capstan.upkeep.AdvisorySnapshot;
import dev.capstan.upkeep.DependencyReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capstan deps}: per live release of one Environment, every installed package and version,
 * the newest the index offers, and the advisories that affect it with the version that fixes each.
 * Exit 3 when a live release has a package with a known vulnerability.
 */
@Command(
    name = "deps",
    description =
        "Show per live release every installed package and version, the newest in the index, and"
            + " the advisories that affect it with the version that fixes each. Exit 3 when a"
            + " package has a known vulnerability.")
final class DepsCommand implements Callable<Integer> {

  /** The exit status when a live release has a known vulnerability. */
  static final int EXIT_VULNERABLE = 3;

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine; // --cache-dir and friends, as every command on an Environment takes

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (a table, the default) or json")
  StatusCommand.Format format;

  @Override
  public Integer call() throws Exception {
    Environment environment = BackupsCommand.oneEnvironment(desired, spec);
    DesiredState state = desired.load(spec.commandLine().getErr());
    environment = state.environments().get(environment.name());
    Application application = state.applicationOf(environment);
    PrintWriter err = spec.commandLine().getErr();
    AdvisorySnapshot advisories;
    try {
      advisories = EnvironmentDependencies.advisories(application);
    } catch (AdvisoryException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
    EnvironmentDependencies reader =
        new EnvironmentDependencies(
            new DefaultHostConnector(), new FileCredentials(), new HostPackages());
    SshCredentials ssh;
    try {
      ssh = reader.ssh(environment);
    } catch (Credentials.CredentialsException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> live = reader.liveReleaseNames(environment, application, ssh, problems);
    EnvironmentDependencies.Live read = reader.inventories(environment, application, ssh, live);
    problems.addAll(read.problems());
    Map<String, List<String>> versions = null;
    try {
      versions =
          reader.indexVersions(environment, application.spec().upkeep(), ssh, read.releases());
    } catch (HostException | StepFailedException e) {
      problems.add("index: " + e.getMessage());
    }
    DependencyReport report = DependencyReport.of(read.releases(), advisories, versions);
    PrintWriter out = spec.commandLine().getOut();
    if (format == StatusCommand.Format.json) {
      out.println(DepsPrinter.json(environment.name(), report, problems));
    } else {
      out.print(DepsPrinter.table(environment.name(), report));
      problems.forEach(p -> err.println("warning: " + p));
    }
    out.flush();
    err.flush();
    return report.vulnerable() ? EXIT_VULNERABLE : 0;
  }
}
