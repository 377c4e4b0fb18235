package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and the reconcile loop stay free of Kubernetes: only {@code dev.capstan.kube} may
 * import fabric8, and file mode never loads a fabric8 class.
 */
class KubernetesIsolationTest {

  private static final Path MAIN = Path.of(System.getProperty("capstan.projectRoot", ".."))
      .resolve("controller/src/main/java");

  @Test
  void onlyTheKubernetesPackageImportsFabric8() throws IOException {
    List<String> offenders = new ArrayList<>();
    Path kube = MAIN.resolve("dev/capstan/kube");
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (file.startsWith(kube)) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).matches("\\s*import\\s+(static\\s+)?io\\.fabric8\\..*")) {
            offenders.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
          }
        }
      }
    }
    assertTrue(Files.isDirectory(kube), "the scan looks at " + kube);
    assertEquals(List.of(), offenders, "io.fabric8 imported outside dev.capstan.kube");
  }

  @Test
  void fileModeLoadsNoFabric8Class(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("capstan.yaml");
    Files.writeString(yaml, String.join("\n",
        "apiVersion: capstan.dev/v1alpha1",
        "kind: Application",
        "metadata: {name: app}",
        "spec: {repository: {url: /nowhere}, deployPath: /srv/app}",
        ""));
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-verbose:class", "-cp", System.getProperty("java.class.path"),
        "dev.capstan.cli.Main", "validate", "-f", yaml.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "validate finished");
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("dev.capstan.cli.RunCommand") || output.contains("picocli"),
        "-verbose:class lists loaded classes");
    assertFalse(output.contains("io.fabric8"), "file mode loaded a fabric8 class:\n"
        + output.lines().filter(l -> l.contains("io.fabric8")).limit(5).toList());
  }
}
