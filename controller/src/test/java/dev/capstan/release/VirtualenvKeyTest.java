package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.ExecResult;
import dev.capstan.host.LocalHost;
import dev.capstan.host.Shell;
import dev.capstan.model.PythonSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtualenv key, computed by the real interpreter as on a host: what changes it, what does
 * not, and when a release must get a private virtualenv instead.
 */
class VirtualenvKeyTest {

  private static final PythonSpec SHARED =
      new PythonSpec("/usr/bin/python3", "requirements.txt", false, true);

  @TempDir Path release;

  @Test
  void theSameRequirementsInAnotherReleaseGiveTheSameKey(@TempDir Path other) throws Exception {
    Files.writeString(release.resolve("requirements.txt"), "Django==4.2\n");
    Files.writeString(other.resolve("requirements.txt"), "Django==4.2\n");
    String key = key(release, SHARED);
    assertTrue(key.matches("[0-9a-f]{20}"), key);
    assertEquals(key, key(other, SHARED));
  }

  @Test
  void includedFilesSitePackagesAndTheInterpreterAreAllPartOfTheKey() throws Exception {
    Files.createDirectories(release.resolve("req"));
    Files.writeString(
        release.resolve("requirements.txt"), "-r req/base.txt\n-c req/constraints.txt\n");
    Files.writeString(release.resolve("req/base.txt"), "Django\n");
    Files.writeString(release.resolve("req/constraints.txt"), "Django<5\n");
    String key = key(release, SHARED);

    Files.writeString(release.resolve("req/constraints.txt"), "Django<6\n");
    String constraintsChanged = key(release, SHARED);
    assertNotEquals(key, constraintsChanged, "a constraints file changed");

    String withSite =
        key(release, new PythonSpec("/usr/bin/python3", "requirements.txt", true, true));
    assertNotEquals(constraintsChanged, withSite, "systemSitePackages changed");

    String realInterpreter = Path.of("/usr/bin/python3").toRealPath().toString();
    assertEquals(
        constraintsChanged,
        key(release, new PythonSpec(realInterpreter, "requirements.txt", false, true)),
        "the interpreter counts by its resolved path, not the name it was given");
  }

  @Test
  void requirementsThatPointIntoTheReleaseGetAPrivateVirtualenv() throws Exception {
    Files.writeString(release.resolve("requirements.txt"), "Django\n-r more.txt\n");
    Files.writeString(release.resolve("more.txt"), "-e .\n");
    assertEquals("private", key(release, SHARED));
    Files.writeString(release.resolve("more.txt"), "./vendor/lib-1.0.tar.gz\n");
    assertEquals("private", key(release, SHARED));
  }

  @Test
  void aMissingRequirementsFileIsNamed() throws Exception {
    ExecResult result = run(release, SHARED);
    assertFalse(result.succeeded());
    assertTrue(result.stderr().contains("requirements file requirements.txt"), result.stderr());
  }

  private static String key(Path dir, PythonSpec python) throws Exception {
    ExecResult result = run(dir, python);
    assertTrue(result.succeeded(), result.stderr());
    return result.stdout().strip();
  }

  private static ExecResult run(Path dir, PythonSpec python) throws Exception {
    return new LocalHost()
        .exec(
            "cd " + Shell.quote(dir.toString()) + " && " + Virtualenvs.keyCommand(python),
            Duration.ofSeconds(30));
  }
}
