package dev.capstan.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.RepositorySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eclipse.jgit.lib.FileMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeArchiveTest {

  private static final String LONG_NAME =
      "deep/" + "a-rather-long-folder-name-for-tar/".repeat(4) + "module-with-a-long-name.py";

  @TempDir Path temp;
  private TestOrigin origin;
  private RepositoryMirrors mirrors;
  private String commit;

  @BeforeEach
  void createOrigin() throws Exception {
    origin = TestOrigin.create(temp.resolve("origin"));
    commit =
        origin
            .write("README.md", "# shop\n")
            .write("app/manage.py", "import django\n")
            .executable("app/run.sh", "#!/bin/sh\necho run\n")
            .symlink("app/settings_local.py", "settings/production.py")
            .write("app/settings/production.py", "DEBUG = False\n")
            .write(LONG_NAME, "long = True\n")
            .gitlink("vendor/lib", "0123456789abcdef0123456789abcdef01234567")
            .commit("layout");
    mirrors = new RepositoryMirrors(temp.resolve("cache"));
  }

  @AfterEach
  void closeOrigin() {
    origin.close();
  }

  @Test
  void archivesFilesModesAndSymlinks() throws Exception {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    Map<String, String> contents = new LinkedHashMap<>();
    read(mirrors.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR), entries, contents);

    assertEquals("# shop\n", contents.get("README.md"));
    assertEquals("import django\n", contents.get("app/manage.py"));
    assertEquals(0644, entries.get("app/manage.py").getMode() & 07777);
    assertEquals(0755, entries.get("app/run.sh").getMode() & 07777);
    assertTrue(entries.get("app/settings_local.py").isSymbolicLink());
    assertEquals("settings/production.py", entries.get("app/settings_local.py").getLinkName());
    assertTrue(entries.get("app/").isDirectory());
    assertEquals("long = True\n", contents.get(LONG_NAME));
    assertEquals(FileMode.GITLINK, origin.modeAtHead("vendor/lib"));
    assertFalse(entries.keySet().stream().anyMatch(name -> name.startsWith("vendor/lib")));
    long commitTime = origin.head().getCommitTime() * 1000L;
    assertEquals(commitTime, entries.get("README.md").getModTime().getTime());
  }

  @Test
  void subPathArchivesOnlyThatFolderWithItsPrefixStripped() throws Exception {
    RepositorySpec app = TestOrigin.spec(origin.dir().toString(), "app/");
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    Map<String, String> contents = new LinkedHashMap<>();
    read(mirrors.treeArchive(app, temp, commit, ArchiveFormat.TAR), entries, contents);

    assertEquals(
        Set.of("manage.py", "run.sh", "settings_local.py", "settings/", "settings/production.py"),
        entries.keySet());
    assertEquals("DEBUG = False\n", contents.get("settings/production.py"));
  }

  @Test
  void missingSubPathIsNamed() {
    RepositorySpec missing = TestOrigin.spec(origin.dir().toString(), "backend");

    SourceException error =
        assertThrows(
            SourceException.class,
            () -> mirrors.treeArchive(missing, temp, commit, ArchiveFormat.TAR));

    assertEquals(
        "subPath \"backend\" not found in commit " + commit + " of " + origin.dir(),
        error.getMessage());
  }

  @Test
  void subPathNamingAFileIsRejected() {
    RepositorySpec file = TestOrigin.spec(origin.dir().toString(), "README.md");

    SourceException error =
        assertThrows(
            SourceException.class,
            () -> mirrors.treeArchive(file, temp, commit, ArchiveFormat.TAR));

    assertTrue(error.getMessage().startsWith("subPath \"README.md\" is not a folder"));
  }

  @Test
  void realTarExtractsTheArchiveFromStdin() throws Exception {
    Path target = Files.createDirectory(temp.resolve("release"));

    untar(mirrors.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR), target, "-x");

    assertEquals("# shop\n", Files.readString(target.resolve("README.md")));
    assertTrue(
        Files.getPosixFilePermissions(target.resolve("app/run.sh"))
            .contains(PosixFilePermission.OWNER_EXECUTE));
    assertFalse(
        Files.getPosixFilePermissions(target.resolve("app/manage.py"))
            .contains(PosixFilePermission.OWNER_EXECUTE));
    assertTrue(Files.isSymbolicLink(target.resolve("app/settings_local.py")));
    assertEquals("DEBUG = False\n", Files.readString(target.resolve("app/settings_local.py")));
    assertEquals("long = True\n", Files.readString(target.resolve(LONG_NAME)));
  }

  @Test
  void gzipArchiveHoldsTheSameTar() throws Exception {
    byte[] tar = mirrors.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR);
    byte[] gzip = mirrors.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR_GZ);

    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      assertArrayEquals(tar, in.readAllBytes());
    }
    Path target = Files.createDirectory(temp.resolve("release"));
    untar(gzip, target, "-xz");
    assertTrue(Files.isRegularFile(target.resolve("app/manage.py")));
  }

  @Test
  void exportTreeWritesTheTarAndLeavesTheStreamOpen() throws Exception {
    ClosingProbe out = new ClosingProbe();

    mirrors.exportTree(origin.spec(), temp, commit, out);

    assertFalse(out.closed);
    assertArrayEquals(
        mirrors.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR), out.toByteArray());
  }

  @Test
  void archivesAreReproducibleAndServedWithoutFetching() throws Exception {
    byte[] first = mirrors.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR);
    first[0] = 'X';
    RepositoryMirrors other = new RepositoryMirrors(temp.resolve("cache"));

    byte[] again = other.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR);

    assertArrayEquals(again, mirrors.treeArchive(origin.spec(), temp, commit, ArchiveFormat.TAR));
    assertEquals(0, other.fetchCount());
  }

  private static void read(
      byte[] archive, Map<String, TarArchiveEntry> entries, Map<String, String> contents)
      throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        entries.put(entry.getName(), entry);
        if (entry.isFile()) {
          contents.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** Pipes the archive into {@code tar MODE -f - -C target}, as a host's shell would. */
  private void untar(byte[] archive, Path target, String mode) throws Exception {
    Path log = temp.resolve("tar.log");
    Process tar =
        new ProcessBuilder("tar", mode, "-f", "-", "-C", target.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try (OutputStream stdin = tar.getOutputStream()) {
      stdin.write(archive);
    }
    assertTrue(tar.waitFor(30, TimeUnit.SECONDS), "tar did not finish");
    assertEquals(0, tar.exitValue(), Files.readString(log));
  }

  /** Remembers whether it was closed. */
  private static final class ClosingProbe extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
