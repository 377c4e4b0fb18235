package dev.capstan.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.ExecResult;
import dev.capstan.host.LocalHost;
import dev.capstan.host.Shell;
import dev.capstan.testing.Wheels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A virtualenv as Capstan makes it on a host (virtualenv.sh with this machine's real /bin/sh and
 * Debian's python3): without pip, seeded from the wheels ensurepip would install, and still what a
 * person expects of venv/bin/pip and venv/bin/python.
 */
class VirtualenvSeedTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  private ExecResult create(Path venv, boolean systemSite, String seedProgram) throws Exception {
    String script =
        RemoteScript.create()
            .call("capstan_virtualenv_create", PYTHON, systemSite ? "1" : "0", venv.toString())
            .text();
    if (seedProgram != null) {
      String sent = "VENV_SEED_PROGRAM=" + Shell.quote(RemoteScript.VENV_SEED_PROGRAM);
      assertTrue(script.contains(sent), "a script that makes a venv carries the seed program");
      script = script.replace(sent, "VENV_SEED_PROGRAM=" + Shell.quote(seedProgram));
    }
    ExecResult result = new LocalHost().exec(script, TIMEOUT);
    assertEquals(0, result.exitStatus(), result.stdout() + result.stderr());
    return result;
  }

  private static String run(Path venv, String... command) throws Exception {
    List<String> argv = new ArrayList<>(List.of(command));
    argv.set(0, venv.resolve("bin").resolve(command[0]).toString());
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", argv) + ":\n" + out);
    return out;
  }

  @Test
  void aSeededVenvHasAWorkingPipWithoutEnsurepip() throws Exception {
    Path venv = dir.resolve("venv");
    ExecResult made = create(venv, false, null);

    assertFalse(made.stderr().contains("running ensurepip"), made.stderr());
    String site = venv.resolve("lib").toString();
    for (String pip : List.of("pip", "pip3")) {
      assertTrue(run(venv, pip, "--version").contains(site), pip + " runs from the venv");
    }
    assertTrue(run(venv, "python", "-m", "pip", "--version").contains(site));
    String list = run(venv, "pip", "list", "--disable-pip-version-check");
    assertTrue(list.matches("(?s).*\\bpip\\s+\\d.*"), list);
    assertTrue(
        list.matches("(?s).*\\bsetuptools\\s+\\d.*"), "as Python 3.11's ensurepip gives: " + list);
  }

  @Test
  void aWheelInstallsWithTheVenvsPipAndImportsWithItsPython() throws Exception {
    Path venv = dir.resolve("venv");
    create(venv, false, null);
    Path wheels = Files.createDirectories(dir.resolve("wheels"));
    Wheels.write(wheels, "seedprobe", "1.2.0");

    run(venv, "pip", "install", "--no-index", "--find-links", wheels.toString(), "seedprobe");

    assertEquals(
        "1.2.0\n", run(venv, "python", "-c", "import seedprobe; print(seedprobe.__version__)"));
    assertTrue(run(venv, "pip", "show", "seedprobe").contains("Version: 1.2.0"));
    run(venv, "pip", "uninstall", "-y", "seedprobe");
  }

  @Test
  void systemSitePackagesStillSeeDebiansDjango() throws Exception {
    Path shared = dir.resolve("shared");
    create(shared, true, null);
    assertTrue(
        run(shared, "python", "-c", "import django; print(django.__file__)").contains("/usr/"));

    Path isolated = dir.resolve("isolated");
    create(isolated, false, null);
    Process imports =
        new ProcessBuilder(isolated.resolve("bin/python").toString(), "-c", "import django")
            .redirectErrorStream(true)
            .start();
    imports.getInputStream().readAllBytes();
    assertNotEquals(0, imports.waitFor(), "an isolated venv does not see the system's packages");
  }

  @Test
  void whenSeedingFailsEnsurepipMakesTheVenvAfterAll() throws Exception {
    Path venv = dir.resolve("venv");
    ExecResult made = create(venv, false, "import sys; sys.exit('no wheels here')");

    assertTrue(made.stderr().contains("no wheels here"), made.stderr());
    assertTrue(made.stderr().contains("running ensurepip"), made.stderr());
    assertTrue(run(venv, "pip", "--version").contains(venv.resolve("lib").toString()));
  }

  @Test
  void onlyAScriptThatMakesAVenvCarriesTheSeedProgram() throws IOException {
    assertFalse(
        RemoteScript.create()
            .call("capstan_prune", "/srv/app")
            .text()
            .contains("VENV_SEED_PROGRAM="));
  }
}
