package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdvisoryReaderTest {

  @TempDir Path dir;

  private static final String DEMOLIB =
      AdvisorySnapshotTest.osv("PYSEC-2026-1", "demolib", "introduced:0,fixed:1.0.1", "", false);
  private static final String OTHER =
      AdvisorySnapshotTest.osv(
          "GHSA-aaaa", "Other_Lib", "introduced:2.0,last_affected:2.4", "", false);
  private static final String NPM =
      "{\"id\":\"GHSA-npm\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},"
          + "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}]}";

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private Path zip(String name, String... namesAndContents) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        z.putNextEntry(new ZipEntry(namesAndContents[i]));
        z.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return zip;
  }

  @Test
  void readsAFolderOfJsonRecordsKeepingPyPiOnly() throws IOException {
    write("advisories/PYSEC-2026-1.json", DEMOLIB);
    write("advisories/GHSA-aaaa.json", OTHER);
    write("advisories/GHSA-npm.json", NPM);
    write("advisories/README.md", "not a record");
    write("advisories/nested/ignored.json", "not even JSON");
    AdvisorySnapshot snapshot = AdvisoryReader.read(dir.resolve("advisories"));
    assertEquals(2, snapshot.count());
    assertEquals(
        List.of("GHSA-aaaa", "PYSEC-2026-1"),
        snapshot.advisories().stream().map(Advisory::id).toList());
    assertEquals("other-lib", snapshot.advisories().get(0).affected().get(0).packageName());
    assertEquals(
        Pep440Version.parse("1.0.1"),
        snapshot.affecting("demolib", Pep440Version.parse("1.0.0")).get(0).fixedIn());
  }

  @Test
  void readsOsvDevsAllZipWithTheSameDigestAsTheFolder() throws IOException {
    write("advisories/a.json", DEMOLIB);
    write("advisories/b.json", OTHER);
    Path zip = zip("all.zip", "GHSA-aaaa.json", OTHER, "PYSEC-2026-1.json", DEMOLIB, "x.json", NPM);
    AdvisorySnapshot fromZip = AdvisoryReader.read(zip);
    AdvisorySnapshot fromFolder = AdvisoryReader.read(dir.resolve("advisories"));
    assertEquals(2, fromZip.count());
    assertEquals(fromFolder.digest(), fromZip.digest());
    assertEquals(1, fromZip.affecting("other.lib", Pep440Version.parse("2.4")).size());
  }

  @Test
  void gitRangesAreIgnoredAndSemverIsReadAsVersions() throws IOException {
    write(
        "advisories/r.json",
        "{\"id\":\"OSV-1\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"demolib\"},"
            + "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://x\",\"events\":[{\"introduced\":\"abc123\"}]},"
            + "{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"fixed\":\"1.2.0\"}]}]}]}");
    AdvisorySnapshot snapshot = AdvisoryReader.read(dir.resolve("advisories"));
    assertEquals(1, snapshot.advisories().get(0).affected().get(0).ranges().size());
    assertEquals(1, snapshot.affecting("demolib", Pep440Version.parse("1.1")).size());
    assertTrue(snapshot.affecting("demolib", Pep440Version.parse("0.9")).isEmpty());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\": |not JSON",
        "[1, 2]|an OSV record is a JSON object",
        "{\"summary\":\"x\"}|id is missing",
        "{\"id\":\"A-1\",\"affected\":{}}|(A-1): affected must be an array",
        "{\"id\":\"A-1\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\"}}]}|name is missing",
        "{\"id\":\"A-1\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"d\"},\"ranges\":[{\"events\":[]}]}]}|ranges[0]: type is missing",
        "{\"id\":\"A-1\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"d\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixd\":\"1\"}]}]}]}|events[1]: has fixd",
        "{\"id\":\"A-1\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"d\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"not.a version\"}]}]}]}|fixed is not a PEP 440 version: \"not.a version\"",
        "{\"id\":\"A-1\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"d\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":1}]}]}]}|introduced must be a string",
      })
  void aMalformedRecordNamesItsFileAndTheFault(String content, String fault) throws IOException {
    write("advisories/good.json", DEMOLIB);
    write("advisories/bad.json", content);
    AdvisoryException e =
        assertThrows(AdvisoryException.class, () -> AdvisoryReader.read(dir.resolve("advisories")));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    assertTrue(e.getMessage().contains(fault), e.getMessage());
  }

  @Test
  void aMalformedZipEntryIsNamedInsideTheZip() throws IOException {
    Path zip =
        zip(
            "all.zip",
            "PYSEC-1.json",
            DEMOLIB,
            "PYSEC-2.json",
            "{\"id\":\"PYSEC-2\",\"affected\":3}");
    AdvisoryException e = assertThrows(AdvisoryException.class, () -> AdvisoryReader.read(zip));
    assertTrue(e.getMessage().contains("all.zip!PYSEC-2.json"), e.getMessage());
  }

  @Test
  void aPathThatIsNeitherFolderNorZipIsRefused() throws IOException {
    Path file = write("advisories.txt", "x");
    AdvisoryException e = assertThrows(AdvisoryException.class, () -> AdvisoryReader.read(file));
    assertTrue(e.getMessage().contains("advisories.txt"), e.getMessage());
    assertThrows(AdvisoryException.class, () -> AdvisoryReader.read(dir.resolve("missing")));
  }

  @Test
  void aZipThatIsNotAZipIsAClearError() throws IOException {
    Path file = write("all.zip", "not a zip");
    AdvisoryException e = assertThrows(AdvisoryException.class, () -> AdvisoryReader.read(file));
    assertTrue(e.getMessage().contains("all.zip"), e.getMessage());
  }
}
