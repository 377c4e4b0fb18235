package dev.capstan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest desired state that deploys: a one-file repository and an Environment on {@code
 * local}, no virtualenv, for tests of the command itself rather than of a rollout.
 */
public final class LocalApp {

  private LocalApp() {}

  /**
   * Writes the repository ({@code work/repo}) and {@code work/capstan.yaml}, deploying to {@code
   * work/deploy}.
   *
   * @return the YAML file
   */
  public static Path desiredState(Path work) throws IOException {
    try (GitRepo repo = GitRepo.init(work.resolve("repo"))) {
      repo.write("app/version.txt", "v1\n").commit("v1");
    }
    Path yaml = work.resolve("capstan.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: local-app}",
            "spec:",
            "  repository: {url: repo, subPath: app}",
            "  deployPath: " + work.resolve("deploy"),
            "  activate: [\"true\"]",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: local}",
            "spec:",
            "  application: local-app",
            "  revision: HEAD",
            "  hosts: [local]",
            ""));
    return yaml;
  }
}
