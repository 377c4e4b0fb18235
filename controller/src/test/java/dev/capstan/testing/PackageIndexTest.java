package dev.capstan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test index is one pip really installs from: a real venv, real pip, no network. */
class PackageIndexTest {

  @TempDir Path dir;

  @Test
  void pipInstallsAWheelFromTheServedIndex() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    RequiredTools.pythonModule(python, "ensurepip", "python3-venv");
    try (PackageIndex index =
        PackageIndex.in(dir.resolve("index"))
            .add("demolib", "1.0.0")
            .add("demolib", "1.0.1")
            .add("demolib", "2.0.0")
            .serve()) {
      assertEquals(0, run(python.toString(), "-m", "venv", dir.resolve("venv").toString()));
      String pip = dir.resolve("venv/bin/pip").toString();
      assertEquals(
          0,
          run(
              pip,
              "install",
              "--disable-pip-version-check",
              "--no-input",
              "--index-url",
              index.url(),
              "demolib==1.0.0"),
          Files.readString(dir.resolve("out.log")));
      assertEquals(0, run(dir.resolve("venv/bin/python").toString(), "-c", PRINT_VERSION));
      assertEquals("1.0.0", Files.readString(dir.resolve("out.log")).strip());
      assertTrue(index.log().contains("GET /simple/demolib/"), index.log());
    }
  }

  private static final String PRINT_VERSION = "import demolib; print(demolib.__version__)";

  private int run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish: "
              + Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8));
    }
    return process.exitValue();
  }
}
