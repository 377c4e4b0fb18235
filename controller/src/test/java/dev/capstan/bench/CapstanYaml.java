package dev.capstan.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The benchmark's {@link Recipe} as Capstan desired state: an Application (activate records the
 * commit in shared/logs, the health check proves the live REVISION and that activation are the
 * commit) and an Environment.
 */
final class CapstanYaml {

  /** The recipe's activate step and health check, as the other tools run them. */
  static final String ACTIVATE = "cp REVISION logs/activated";

  static final String HEALTH_CHECK =
      "test \"$(cat \"$CAPSTAN_DEPLOY_PATH/current/REVISION\")\" = \"$CAPSTAN_COMMIT\""
          + " && test \"$(cat \"$CAPSTAN_DEPLOY_PATH/current/logs/activated\")\" = \"$CAPSTAN_COMMIT\"";

  private CapstanYaml() {}

  static String application(Recipe recipe, String name, Path repository, String deployPath) {
    String python =
        recipe == Recipe.LIGHT
            ? ""
            : String.join(
                "\n",
                "  python: {interpreter: /usr/bin/python3, requirements: requirements.txt,"
                    + " systemSitePackages: true}",
                "  build: [" + quote("venv/bin/python -m compileall -q app") + "]");
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: " + name + "}",
        "spec:",
        "  repository: {url: " + quote(repository.toString()) + "}",
        "  deployPath: " + quote(deployPath),
        "  keepReleases: 3",
        "  shared: {dirs: [logs]}",
        python,
        "  activate: [" + quote(ACTIVATE) + "]",
        "  healthCheck: {command: " + quote(HEALTH_CHECK) + "}",
        "---",
        "");
  }

  /** An Environment switching all its hosts at once, like the other tools do. */
  static String environment(
      String name,
      String application,
      String revision,
      List<String> hosts,
      HostSlice fleet,
      String driftInterval) {
    return String.join(
        "\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Environment",
        "metadata: {name: " + name + "}",
        "spec:",
        "  application: " + application,
        "  revision: " + quote(revision),
        "  hosts: ["
            + hosts.stream().map(CapstanYaml::quote).collect(Collectors.joining(", "))
            + "]",
        "  ssh:",
        "    privateKey: {file: " + quote(fleet.privateKey().toString()) + "}",
        "    knownHosts: {file: " + quote(fleet.knownHosts().toString()) + "}",
        "  rollout: {maxParallel: " + hosts.size() + "}",
        "  driftInterval: " + driftInterval,
        "---",
        "");
  }

  /** A YAML single-quoted scalar. */
  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
