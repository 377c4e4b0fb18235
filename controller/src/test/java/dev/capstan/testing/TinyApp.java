package dev.capstan.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The desired state of a tiny app (the {@code app} folder of the test's repository, one build step,
 * no virtualenv) on one sshd host, for tests of how a deployer process behaves rather than of what
 * it builds.
 */
public final class TinyApp {

  private TinyApp() {}

  /**
   * The two documents, Application {@code tiny} deploying to {@code mount/tiny} and Environment
   * {@code tiny-test} on the first of {@code hosts}, with {@code environmentLines} added at the end
   * of the Environment's spec (each indented by two spaces already).
   */
  public static String oneHost(
      String mount,
      String revision,
      String buildStep,
      SshdHosts hosts,
      String... environmentLines) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Application",
                "metadata: {name: tiny}",
                "spec:",
                "  repository: {url: repo, subPath: app}",
                "  deployPath: " + mount + "/tiny",
                "  build: [" + quoted(buildStep) + "]",
                "---",
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Environment",
                "metadata: {name: tiny-test}",
                "spec:",
                "  application: tiny",
                "  revision: " + revision,
                "  hosts: [\"" + hosts.address(0) + "\"]",
                "  ssh:",
                "    privateKey: {file: " + hosts.privateKey() + "}",
                "    knownHosts: {file: " + hosts.knownHosts() + "}"));
    lines.addAll(List.of(environmentLines));
    lines.add("");
    return String.join("\n", lines);
  }

  /** {@code text} as a double-quoted YAML scalar. */
  public static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
