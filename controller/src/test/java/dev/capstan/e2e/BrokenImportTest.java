package dev.capstan.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.Fleet;
import dev.capstan.testing.RequiredTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A commit whose WSGI module imports a module that does not exist: {@code capstan apply} fails with
 * exit status 1 and says why in gunicorn's own words (the {@code ModuleNotFoundError} from the
 * service's log), and the host is switched back to the release before, which still answers.
 */
class BrokenImportTest {

  private static final String MOUNT = "/srv/capstan-broken-import";
  // Short: the supervisor socket under it must fit a socket address (107 bytes).
  private static final String DEPLOY = MOUNT + "/app";

  @RegisterExtension static final Fleet fleet = Fleet.of(1, MOUNT);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopServices() throws Exception {
    ServiceHosts.shutdown(fleet.hosts().host(0), DEPLOY);
  }

  @Test
  void aBrokenImportFailsTheApplyWithTheServiceLogAndRollsBack() throws Exception {
    RequiredTools.program("supervisord", "supervisor");
    RequiredTools.program("nsenter", "util-linux");
    int port = RequiredTools.freePort();
    String good = fleet.repo().write("app/wsgi.py", ServiceHosts.wsgi("1")).commit("v1");
    writeDesiredState(good, port);
    CliRun first = fleet.apply();
    assertEquals(0, first.exitCode(), first.all());
    String release1 = liveRelease();
    assertEquals("release=" + release1 + " version=1", get(port));

    String broken =
        fleet
            .repo()
            .write("app/wsgi.py", "import capstan_no_such_module\n" + ServiceHosts.wsgi("2"))
            .commit("v2 imports a module that is not there");
    writeDesiredState(broken, port);
    long started = System.nanoTime();
    CliRun second = fleet.apply();
    System.out.printf(
        "measured: failed apply with a broken import took %d ms%n",
        (System.nanoTime() - started) / 1_000_000);

    assertEquals(1, second.exitCode(), second.all());
    assertTrue(second.all().contains("ModuleNotFoundError"), second.all());
    assertTrue(second.all().contains("capstan_no_such_module"), second.all());
    assertTrue(second.all().contains("rolled back to " + release1), second.all());
    assertEquals(release1, liveRelease(), "the host is on the release before");
    assertEquals("release=" + release1 + " version=1", get(port), "which still answers");
    ServiceHosts.Output status =
        ServiceHosts.supervisorctl(fleet.hosts().host(0), DEPLOY, "status");
    assertEquals(
        2, status.text().lines().filter(l -> l.contains("RUNNING")).count(), status.text());
  }

  private String liveRelease() throws Exception {
    return Files.readSymbolicLink(fleet.hosts().host(0).hostDir().resolve("app").resolve("current"))
        .getFileName()
        .toString();
  }

  private String get(int port) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private void writeDesiredState(String revision, int port) throws Exception {
    Path yaml = fleet.yamlFile();
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: broken-import}",
            "spec:",
            "  repository: {url: repo, subPath: app}",
            "  deployPath: " + DEPLOY,
            "  keepReleases: 3",
            "  rollbackOnFailure: true",
            "  supervisor: supervisord",
            "  services:",
            "    web: {gunicorn: {app: \"wsgi:app\", bind: \"127.0.0.1:"
                + port
                + "\", workers: 2}}",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: broken-import-test}",
            "spec:",
            "  application: broken-import",
            "  revision: " + revision,
            "  hosts:",
            "  - {host: \"" + fleet.hosts().address(0) + "\", roles: [web]}",
            fleet.sshYaml(),
            ""));
  }
}
