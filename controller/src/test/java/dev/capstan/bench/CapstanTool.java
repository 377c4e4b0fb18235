package dev.capstan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Capstan as users run it: {@code capstan apply -f capstan.yaml} with the desired revision, a new
 * JVM each time. A no-op check and a rollback are the same command with nothing to build.
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
  public double deploy(String commit) {
    return apply("deploy", commit);
  }

  @Override
  public double check(String commit) {
    return apply("no-op apply", commit);
  }

  @Override
  public double rollback(String previousCommit) {
    return apply("rollback", previousCommit);
  }

  private double apply(String what, String revision) {
    String name = "bench-" + site.folder();
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
            "--cache-dir",
            site.work().resolve("capstan-cache").toString()),
        capstan.env(),
        site.work(),
        site.log(tool()));
  }
}
