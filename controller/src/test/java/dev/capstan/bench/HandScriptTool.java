package dev.capstan.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The baseline: {@code bench/handscript/deploy.sh}, {@code check.sh} and {@code rollback.sh}. */
final class HandScriptTool implements DeployTool {

  private final ToolSite site;

  HandScriptTool(ToolSite site) {
    this.site = site;
  }

  @Override
  public Tool tool() {
    return Tool.HAND_SCRIPT;
  }

  @Override
  public Timing deploy(String commit) {
    String python = site.recipe() == Recipe.LIGHT ? "none" : "/usr/bin/python3";
    return run("deploy.sh", "-r", site.app().repository().toString(), "-c", commit, "-P", python);
  }

  @Override
  public Timing check(String commit) {
    return run("check.sh", "-c", commit);
  }

  @Override
  public Timing rollback(String previousCommit) {
    return run("rollback.sh");
  }

  private Timing run(String script, String... options) {
    Path scripts = site.benchDir().resolve("handscript");
    List<String> command = new ArrayList<>(List.of(scripts.resolve(script).toString()));
    command.addAll(List.of(options));
    command.addAll(
        List.of(
            "-p",
            site.deployPath(),
            "-i",
            site.fleet().privateKey().toString(),
            "-k",
            site.fleet().knownHosts().toString()));
    command.addAll(site.fleet().logins());
    return ToolCommand.run(
        "hand script " + script, command, Map.of(), site.work(), site.log(tool()));
  }
}
