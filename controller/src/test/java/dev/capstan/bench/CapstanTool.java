package dev.capstan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Capstan as users run it, a new JVM each time: {@code capstan apply -f capstan.yaml} with the
 * desired revision (a no-op check is the same command with nothing to build), and {@code capstan
 * rollback} to the release live before, the YAML unchanged. The pin and veto that a rollback leaves
 * in the state folder are removed after it, unmeasured, so the next repetition starts clean.
 */
final class CapstanTool implements DeployTool {

  private final ToolSite site;
  private final CapstanLauncher capstan;
  private final Path yaml;

  CapstanTool(ToolSite site, CapstanLauncher capstan) {
    this.site = site;
    this.capstan = capstan;
    this.yaml = site.work().resolve("capstan-" + site.folder() + ".yaml");
  }

  @Override
  public Tool tool() {
    return Tool.CAPSTAN;
  }

  @Override
  public Timing deploy(String commit) {
    return apply("deploy", commit);
  }

  @Override
  public Timing check(String commit) {
    return apply("no-op apply", commit);
  }

  @Override
  public Timing rollback(String previousCommit) {
    Timing timing =
        ToolCommand.run(
            "capstan rollback",
            capstan.command(
                "rollback",
                "-f",
                yaml.toString(),
                "--env",
                name(),
                "--state-dir",
                stateDir().toString(),
                "--cache-dir",
                site.work().resolve("capstan-cache").toString()),
            capstan.env(),
            site.work(),
            site.log(tool()));
    try {
      Files.deleteIfExists(stateDir().resolve(name() + ".pins.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return timing;
  }

  private String name() {
    return "bench-" + site.folder();
  }

  private Path stateDir() {
    return site.work().resolve("capstan-state-" + site.folder());
  }

  private Timing apply(String what, String revision) {
    String name = name();
    try {
      Files.writeString(
          yaml,
          CapstanYaml.application(site.recipe(), name, site.app().repository(), site.deployPath())
              + CapstanYaml.environment(
                  name, name, revision, site.fleet().logins(), site.fleet(), "30s"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ToolCommand.run(
        "capstan " + what,
        capstan.command(
            "apply",
            "-f",
            yaml.toString(),
            "--state-dir",
            stateDir().toString(),
            "--cache-dir",
            site.work().resolve("capstan-cache").toString()),
        capstan.env(),
        site.work(),
        site.log(tool()));
  }
}
