package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRDs checked in under {@code crds/} are the ones the build generates from the classes. */
class CrdFilesTest {

  static final List<String> FILES =
      List.of("applications.capstan.dev-v1.yml", "environments.capstan.dev-v1.yml");
  private static final String REFRESH = "crds/ is out of date with the CRD classes in"
      + " dev.capstan.kube.crd; refresh it with:\n  mvn -B -q -pl controller process-classes"
      + " && cp controller/target/classes/META-INF/fabric8/*.capstan.dev-v1.yml crds/";

  @Test
  void checkedInCrdsEqualTheGeneratedOnes() throws IOException {
    for (String file : FILES) {
      assertEquals(generated(file), Files.readString(checkedIn().resolve(file)),
          file + ": " + REFRESH);
    }
  }

  @Test
  void noOtherCrdIsCheckedIn() throws IOException {
    try (Stream<Path> files = Files.list(checkedIn())) {
      assertEquals(FILES, files.map(p -> p.getFileName().toString()).sorted().toList(),
          REFRESH);
    }
  }

  /** The CRD the build generated, from {@code target/classes/META-INF/fabric8}. */
  static String generated(String file) throws IOException {
    try (InputStream in = CrdFilesTest.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      Objects.requireNonNull(in, "the build generated no " + file
          + " (the crd-generator-maven-plugin runs in process-classes)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static URL generatedUrl(String file) {
    return CrdFilesTest.class.getResource("/META-INF/fabric8/" + file);
  }

  private static Path checkedIn() {
    return Path.of(System.getProperty("capstan.projectRoot", "..")).resolve("crds");
  }

  static Path generatedPath(String file) {
    try {
      return Path.of(generatedUrl(file).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
