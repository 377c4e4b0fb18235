package dev.capstan.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Real, pip-installable pure-Python wheels, written without network or setuptools: a package {@code
 * <module>/__init__.py} holding {@code __version__}, and the {@code dist-info} pip reads ({@code
 * METADATA}, {@code WHEEL}, {@code RECORD} with each file's SHA-256).
 */
public final class Wheels {

  private Wheels() {}

  /** The wheel's file name: {@code demolib-1.0.0-py3-none-any.whl}. */
  public static String fileName(String name, String version) {
    return distName(name) + "-" + version + "-py3-none-any.whl";
  }

  /** Writes the wheel of {@code name} {@code version} into {@code dir}; its path. */
  public static Path write(Path dir, String name, String version) throws IOException {
    return write(dir, name, version, "");
  }

  /**
   * As {@link #write(Path, String, String)}, with {@code extraCode} appended to the package's
   * {@code __init__.py} (a version that breaks its users, say).
   */
  public static Path write(Path dir, String name, String version, String extraCode)
      throws IOException {
    return write(dir, name, version, extraCode, List.of());
  }

  /**
   * As {@link #write(Path, String, String, String)}, depending on {@code requires} (PEP 508
   * requirements, {@code demohelper>=1}): pip pulls them in with it.
   */
  public static Path write(
      Path dir, String name, String version, String extraCode, List<String> requires)
      throws IOException {
    String module = distName(name).toLowerCase();
    String distInfo = distName(name) + "-" + version + ".dist-info";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        module + "/__init__.py",
        ("__version__ = '" + version + "'\n" + extraCode).getBytes(StandardCharsets.UTF_8));
    files.put(
        distInfo + "/METADATA",
        ("Metadata-Version: 2.1\nName: "
                + name
                + "\nVersion: "
                + version
                + "\n"
                + requires.stream()
                    .map(r -> "Requires-Dist: " + r + "\n")
                    .reduce("", String::concat))
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        distInfo + "/WHEEL",
        "Wheel-Version: 1.0\nGenerator: capstan-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
            .getBytes(StandardCharsets.UTF_8));
    StringBuilder record = new StringBuilder();
    files.forEach(
        (path, bytes) ->
            record
                .append(path)
                .append(",sha256=")
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)))
                .append(',')
                .append(bytes.length)
                .append('\n'));
    record.append(distInfo).append("/RECORD,,\n");
    files.put(distInfo + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dir);
    Path wheel = dir.resolve(fileName(name, version));
    try (OutputStream out = Files.newOutputStream(wheel);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    return wheel;
  }

  /** The SHA-256 of a file, in hex: what an index's {@code #sha256=} fragment holds. */
  public static String sha256Hex(Path file) throws IOException {
    return HexFormat.of().formatHex(sha256(Files.readAllBytes(file)));
  }

  /** A project name as wheel file names spell it: runs of {@code -_.} as {@code _}. */
  static String distName(String name) {
    return name.replaceAll("[-_.]+", "_");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
