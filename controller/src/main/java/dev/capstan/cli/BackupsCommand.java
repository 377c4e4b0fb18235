package dev.capstan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.backup.Backup;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.reconcile.EnvironmentBackups;
import dev.capstan.reconcile.Rollout;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capstan backups}: the backups on the Environment's migrating host, newest first. */
@Command(
    name = "backups",
    description = "List the backups: name, taken at, release, size, verified or why not.")
final class BackupsCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;
  @Mixin DesiredStateOptions desired;
  @Mixin EngineOptions engine;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (a table, the default) or json")
  StatusCommand.Format format;

  @Override
  public Integer call() throws Exception {
    Environment environment = oneEnvironment(desired, spec);
    DesiredState state = desired.load(spec.commandLine().getErr());
    EnvironmentBackups.Listed listed;
    try (Rollout rollout = engine.rollout()) {
      listed = rollout.backups().list(state, environment);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == StatusCommand.Format.json) {
      out.println(json(environment.name(), listed));
    } else {
      out.println("Environment " + environment.name() + " " + listed.host() + ":");
      TextTable table = new TextTable("NAME", "TAKEN AT", "RELEASE", "SIZE", "VERIFIED");
      for (Backup backup : listed.backups()) {
        table.row(
            backup.name(),
            backup.takenAt(),
            backup.release() == null || backup.release().isEmpty() ? "-" : backup.release(),
            size(backup.size()),
            backup.verificationText());
      }
      out.print(listed.backups().isEmpty() ? "  no backups yet\n" : table.toString());
    }
    out.flush();
    return 0;
  }

  /** The one Environment {@code --env} names: these commands act on one. */
  static Environment oneEnvironment(DesiredStateOptions desired, CommandSpec spec)
      throws Exception {
    if (desired.environment == null) {
      throw new UsageException(spec.name() + " needs --env NAME: it acts on one Environment");
    }
    return desired.select(desired.loadAsWritten()).get(0);
  }

  /** {@code NAME (12.3 KiB, 4 tables, 18 migrations) verified}, for a person. */
  static String describe(Backup backup) {
    return backup.name()
        + " ("
        + size(backup.size())
        + ", "
        + backup.rowCounts().size()
        + " tables, "
        + backup.migrations().size()
        + " migrations) "
        + backup.verificationText();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kib = bytes / 1024.0;
    return kib < 1024
        ? String.format(java.util.Locale.ROOT, "%.1f KiB", kib)
        : String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024);
  }

  private static String json(String environment, EnvironmentBackups.Listed listed) {
    ObjectNode root = JSON.createObjectNode().put("environment", environment);
    root.put("host", listed.host());
    ArrayNode backups = root.putArray("backups");
    List<Backup> all = listed.backups();
    all.forEach(b -> backups.add(JSON.valueToTree(b)));
    return root.toString();
  }
}
