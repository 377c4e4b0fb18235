package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads each file of {@code invalid/} and checks that its problems are exactly the ones its leading
 * {@code # expect: LINE:COL: field: message} comments announce ({@code {file}} stands for the
 * file's own path).
 */
class InvalidCorpusTest {

  private static final String EXPECT = "# expect: ";

  static Stream<Path> invalidFiles() throws IOException {
    Path folder = DesiredStateLoaderTest.resource("invalid");
    List<Path> files;
    try (Stream<Path> entries = Files.list(folder)) {
      files = entries.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 25, "the corpus holds at least 25 cases");
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void reportsExactlyTheExpectedProblems(Path file) throws IOException {
    List<String> expected = expectations(file);
    assertTrue(!expected.isEmpty(), file + " starts with at least one '" + EXPECT + "' line");

    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(file));

    for (Problem problem : e.problems()) {
      assertTrue(problem.toString().startsWith(file + ":"), problem.toString());
    }
    List<String> actual =
        e.problems().stream()
            .map(p -> p.toString().substring(file.toString().length() + 1))
            .toList();
    assertEquals(expected, actual);
  }

  private static List<String> expectations(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .takeWhile(line -> line.startsWith(EXPECT))
        .map(line -> line.substring(EXPECT.length()).replace("{file}", file.toString()))
        .toList();
  }
}
