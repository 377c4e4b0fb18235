package dev.capstan.bench;

import java.util.List;
import java.util.Map;

/**
 * Capistrano with the checked-in {@code bench/capistrano} configuration: {@code cap bench deploy},
 * {@code cap bench bench:check}, {@code cap bench deploy:rollback}; hosts and paths come from the
 * environment.
 */
final class CapistranoTool implements DeployTool {

  private final ToolSite site;

  CapistranoTool(ToolSite site) {
    this.site = site;
  }

  @Override
  public Tool tool() {
    return Tool.CAPISTRANO;
  }

  @Override
  public Timing deploy(String commit) {
    return cap("deploy", commit);
  }

  @Override
  public Timing check(String commit) {
    return cap("bench:check", commit);
  }

  @Override
  public Timing rollback(String previousCommit) {
    return cap("deploy:rollback", previousCommit);
  }

  private Timing cap(String task, String commit) {
    Map<String, String> env =
        Map.of(
            "BENCH_REPO", site.app().repository().toString(),
            "REVISION", commit,
            "BENCH_DEPLOY_PATH", site.deployPath(),
            "BENCH_KEY", site.fleet().privateKey().toString(),
            "BENCH_KNOWN_HOSTS", site.fleet().knownHosts().toString(),
            "BENCH_HOSTS", String.join(",", site.fleet().hostPorts()),
            "BENCH_LOG",
                site.work().resolve("capistrano-" + site.folder() + ".cap.log").toString());
    return ToolCommand.run(
        "cap " + task,
        List.of("cap", "bench", task),
        env,
        site.benchDir().resolve("capistrano"),
        site.log(tool()));
  }
}
