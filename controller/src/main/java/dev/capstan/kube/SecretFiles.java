package dev.capstan.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private folder (0700, under {@code java.io.tmpdir}) holding secret material as files (0600),
 * for the SSH transport and Git which read keys from files. Contents are never logged; a file is
 * replaced atomically and only when its content changed; everything is deleted on close.
 */
final class SecretFiles implements AutoCloseable {

  private final Path dir;

  SecretFiles() {
    try {
      dir =
          Files.createTempDirectory(
              "capstan-secrets-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a private folder for secrets", e);
    }
  }

  Path dir() {
    return dir;
  }

  /**
   * The file holding one key of one Secret, written if it is new or changed. Namespace, Secret and
   * key names are validated by the loader ({@code [a-z0-9.-]}, keys {@code [A-Za-z0-9._-]}).
   */
  Path write(String namespace, String secret, String key, byte[] content) throws IOException {
    Path file = dir.resolve(namespace + "_" + secret + "_" + key);
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) {
      return file;
    }
    Path temporary =
        Files.createTempFile(
            dir,
            ".secret-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(temporary, content);
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  @Override
  public void close() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the secrets folder " + dir, e);
    }
  }
}
