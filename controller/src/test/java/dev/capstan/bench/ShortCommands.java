package dev.capstan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The short commands a person types, measured in CPU seconds of the Capstan process (JVM start
 * included, through bench/capstan as users run it): {@code validate}, and {@code apply} with
 * nothing to do on {@code local} (this machine, no SSH), after one apply that made it live.
 */
final class ShortCommands {

  private final ToolSite site;
  private final CapstanLauncher capstan;
  private final Path yaml;
  private final Path deployPath;

  ShortCommands(ToolSite site, CapstanLauncher capstan) {
    this.site = site;
    this.capstan = capstan;
    this.yaml = site.work().resolve("capstan-short.yaml");
    this.deployPath = site.work().resolve("short-local");
  }

  /** Makes the first commit live on local; what the no-op apply then finds in sync. */
  void prepare() {
    try {
      Files.writeString(
          yaml,
          CapstanYaml.application(
                  site.recipe(), "short", site.app().repository(), deployPath.toString())
              + CapstanYaml.environment(
                  "short",
                  "short",
                  site.app().firstCommit(),
                  List.of("local"),
                  site.fleet(),
                  "30s"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run("apply (first)", "apply");
  }

  Timing validate() {
    return run("validate", "validate");
  }

  Timing noOpApply() {
    return run("no-op apply on local", "apply");
  }

  private Timing run(String what, String command) {
    List<String> args =
        "validate".equals(command)
            ? List.of(command, "-f", yaml.toString())
            : List.of(
                command,
                "-f",
                yaml.toString(),
                "--state-dir",
                site.work().resolve("capstan-state-short").toString(),
                "--cache-dir",
                site.work().resolve("capstan-cache").toString());
    return ToolCommand.run(
        "capstan " + what,
        capstan.command(args.toArray(String[]::new)),
        capstan.env(),
        site.work(),
        site.log(Tool.CAPSTAN));
  }
}
