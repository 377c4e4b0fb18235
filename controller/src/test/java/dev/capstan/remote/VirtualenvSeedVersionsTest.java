package dev.capstan.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.ExecResult;
import dev.capstan.host.LocalHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded venv is the venv {@code python -m venv} makes, for every layout of ensurepip this
 * machine has: Debian's python3 (wheels in {@code /usr/share/python-wheels}) and pyenv's upstream
 * builds (wheels in {@code ensurepip/_bundled}; 3.6 and 3.9 without {@code _PACKAGE_NAMES}, 3.8
 * with two pip wheels of which ensurepip means one, 3.12 without setuptools, 3.13 without {@code
 * _get_packages}). Same packages at the same versions, same launchers in bin/.
 */
class VirtualenvSeedVersionsTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path dir;

  /** Debian's python3, which every host has, then each interpreter pyenv put on this machine. */
  static Stream<String> interpreters() throws IOException {
    List<String> found = new ArrayList<>(List.of("/usr/bin/python3"));
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (Files.isDirectory(pyenv)) {
      try (Stream<Path> versions = Files.list(pyenv)) {
        versions
            .map(v -> v.resolve("bin/python3"))
            .filter(Files::isExecutable)
            .filter(p -> !p.getParent().getParent().getFileName().toString().startsWith("2."))
            .sorted()
            .forEach(p -> found.add(p.toString()));
      }
    }
    return found.stream();
  }

  @ParameterizedTest
  @MethodSource("interpreters")
  void theSeededVenvHasWhatEnsurepipWouldHaveInstalled(String python) throws Exception {
    assertTrue(Files.isExecutable(Path.of(python)), python + " (Debian: python3-venv)");
    Path byEnsurepip = dir.resolve("ensurepip");
    Path seeded = dir.resolve("seeded");
    run(List.of(python, "-m", "venv", byEnsurepip.toString()));
    ExecResult made =
        new LocalHost()
            .exec(
                RemoteScript.create()
                    .call("capstan_virtualenv_create", python, "0", seeded.toString())
                    .text(),
                TIMEOUT);
    assertEquals(0, made.exitStatus(), made.stdout() + made.stderr());
    assertFalse(made.stderr().contains("running ensurepip"), python + ": " + made.stderr());

    assertEquals(packages(byEnsurepip), packages(seeded), python + ": pip list");
    assertEquals(launchers(byEnsurepip), launchers(seeded), python + ": bin/");
    assertTrue(
        run(List.of(seeded.resolve("bin/python").toString(), "-m", "pip", "--version"))
            .contains(seeded.resolve("lib").toString()),
        python + ": python -m pip runs the venv's pip");
  }

  private static String packages(Path venv) throws Exception {
    return run(
        List.of(
            venv.resolve("bin/pip").toString(),
            "list",
            "--format=freeze",
            "--disable-pip-version-check"));
  }

  private static List<String> launchers(Path venv) throws IOException {
    try (Stream<Path> bin = Files.list(venv.resolve("bin"))) {
      return bin.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String run(List<String> argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", argv) + ":\n" + out);
    return out;
  }
}
