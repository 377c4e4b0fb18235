package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine and the reconcile loop stay free of Kubernetes: only {@code dev.capstan.kube} may
 * import fabric8. (That file mode never loads a fabric8 class at run time is {@code
 * dev.capstan.cli.FileModeClassLoadingTest}.)
 */
class KubernetesIsolationTest {

  private static final Path MAIN =
      Path.of(System.getProperty("capstan.projectRoot", "..")).resolve("controller/src/main/java");

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
}
