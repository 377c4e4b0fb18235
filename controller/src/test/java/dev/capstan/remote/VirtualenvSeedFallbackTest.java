package dev.capstan.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.capstan.host.ExecResult;
import dev.capstan.host.LocalHost;
import dev.capstan.testing.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the seeder cannot give a venv what ensurepip would, ensurepip does it after all. The case is
 * a real one made by hand: an upstream CPython (this machine's pyenv python3) laid out again in a
 * temporary prefix whose ensurepip bundles a pip wheel with a {@code .data} folder, which pip
 * installs and the seeder refuses to unpack by hand.
 */
class VirtualenvSeedFallbackTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void aBundledWheelTheSeederRefusesIsInstalledByEnsurepip() throws Exception {
    String python = RequiredTools.program("python3", "python3").toString();
    List<String> facts =
        run(
                python,
                "-c",
                "import sys; print(sys.executable); print(sys.base_prefix);"
                    + " print('python%d.%d' % sys.version_info[:2])")
            .lines()
            .toList();
    Path executable = Path.of(facts.get(0));
    Path stdlib = Path.of(facts.get(1), "lib", facts.get(2));
    Path bundled = stdlib.resolve("ensurepip/_bundled");
    if (!Files.isDirectory(bundled)) {
      fail(
          "needs an upstream CPython whose ensurepip has _bundled (pyenv's); python3 is " + python);
    }

    Path prefix = dir.resolve("python");
    Path interpreter = prefix.resolve("bin").resolve(executable.getFileName());
    Files.createDirectories(interpreter.getParent());
    Files.copy(executable, interpreter);
    Path lib = Files.createDirectories(prefix.resolve("lib").resolve(facts.get(2)));
    linkAllBut(stdlib, lib, "ensurepip");
    linkAllBut(stdlib.resolve("ensurepip"), lib.resolve("ensurepip"), "_bundled");
    Path copied = Files.createDirectories(lib.resolve("ensurepip/_bundled"));
    try (Stream<Path> wheels = Files.list(bundled)) {
      for (Path wheel : wheels.filter(w -> w.toString().endsWith(".whl")).toList()) {
        Files.copy(wheel, copied.resolve(wheel.getFileName()));
        if (wheel.getFileName().toString().startsWith("pip-")) {
          String version = wheel.getFileName().toString().split("-")[1];
          run(
              python,
              "-c",
              "import sys, zipfile\n"
                  + "with zipfile.ZipFile(sys.argv[1], 'a') as z:\n"
                  + "    z.writestr(sys.argv[2], 'HERE = 1\\n')\n",
              copied.resolve(wheel.getFileName()).toString(),
              "pip-" + version + ".data/purelib/capstan_data_probe.py");
        }
      }
    }

    Path venv = dir.resolve("venv");
    ExecResult made =
        new LocalHost()
            .exec(
                RemoteScript.create()
                    .call("capstan_virtualenv_create", interpreter.toString(), "0", venv.toString())
                    .text(),
                TIMEOUT);

    assertEquals(0, made.exitStatus(), made.stdout() + made.stderr());
    assertTrue(made.stderr().contains("has a .data folder"), made.stderr());
    assertTrue(made.stderr().contains("running ensurepip"), made.stderr());
    assertTrue(
        run(venv.resolve("bin/pip").toString(), "--version")
            .contains(venv.resolve("lib").toString()));
    assertEquals(
        "1\n",
        run(
            venv.resolve("bin/python").toString(),
            "-c",
            "import capstan_data_probe; print(capstan_data_probe.HERE)"),
        "ensurepip installed the bundled wheel, .data folder and all");
  }

  /** Links every entry of {@code from} into {@code to}, but the one named {@code except}. */
  private static void linkAllBut(Path from, Path to, String except) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(except)) {
          Files.createSymbolicLink(to.resolve(entry.getFileName()), entry);
        }
      }
    }
  }

  private static String run(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", argv) + ":\n" + out);
    return out;
  }
}
