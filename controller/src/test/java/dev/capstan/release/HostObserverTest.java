package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredStateLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An observation with the health check riding along, on this machine's real shell. */
class HostObserverTest {

  private static final String RELEASE = "20261121120000-1111111";

  @TempDir Path deploy;

  @Test
  void whatTheHealthCheckPrintsIsNeverTakenForAnObservation() throws Exception {
    HostObserver.Observation observation =
        observeWithHealthCheck("echo 'now serving'; echo 'current build: ok'; echo 'unlinked 3'");

    assertNull(observation.healthFailure(), "healthy");
    ObservedHost host = observation.host();
    assertEquals("releases/" + RELEASE, host.currentTarget());
    assertEquals(List.of(), host.unlinkedShared());
    assertTrue(host.live().isPresent());
  }

  @Test
  void aFailingHealthCheckIsNamedWithItsOutput() throws Exception {
    HostObserver.Observation observation = observeWithHealthCheck("echo 'now failing' >&2; exit 7");

    assertEquals(
        "health check `echo 'now failing' >&2; exit 7` exited with status 7: now failing",
        observation.healthFailure());
    assertEquals("releases/" + RELEASE, observation.host().currentTarget());
  }

  private HostObserver.Observation observeWithHealthCheck(String command) throws Exception {
    Path release = Files.createDirectories(deploy.resolve("releases/" + RELEASE + "/.capstan"));
    Files.writeString(
        release.resolve("release.json"),
        "{\"commit\":\"1111111aaaa\",\"recipe\":\"r\",\"state\":\"complete\"}\n");
    Files.writeString(release.resolveSibling("REVISION"), "1111111aaaa\n");
    Files.createSymbolicLink(deploy.resolve("current"), Path.of("releases/" + RELEASE));
    Application application =
        DesiredStateLoader.parse(
                deploy.resolve("capstan.yaml"),
                String.join(
                    "\n",
                    "apiVersion: capstan.dev/v1alpha1",
                    "kind: Application",
                    "metadata: {name: app}",
                    "spec:",
                    "  repository: {url: /nowhere}",
                    "  deployPath: " + deploy,
                    "  healthCheck: {command: \""
                        + command.replace("\"", "\\\"")
                        + "\", retries: 0}",
                    ""))
            .applications()
            .get("app");
    Recipe recipe = Recipe.of(application.spec());
    ReleaseLayout layout = new ReleaseLayout(deploy.toString());
    try (LocalHost host = new LocalHost()) {
      HostDeployer deployer =
          new HostDeployer(
              host, layout, recipe, "test", HostDeployer.Timeouts.DEFAULT, ProgressListener.NONE);
      return HostObserver.observe(host, layout, recipe.shared(), null, deployer.healthProbe());
    }
  }
}
