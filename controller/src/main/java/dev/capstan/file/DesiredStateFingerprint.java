package dev.capstan.file;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A hash of the names and bytes of the files the desired-state loader would read from a file or a
 * folder: a touched file keeps its fingerprint, a saved change never does.
 */
final class DesiredStateFingerprint {

  private DesiredStateFingerprint() {}

  static String of(Path target) {
    MessageDigest digest = sha256();
    if (Files.isDirectory(target)) {
      for (Path file : yamlFilesIn(target, digest)) {
        update(digest, file);
      }
    } else {
      update(digest, target);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The files of a folder the loader reads: {@code *.yaml} and {@code *.yml}, hidden ones not. */
  static boolean isYamlName(String name) {
    return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private static List<Path> yamlFilesIn(Path folder, MessageDigest digest) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(file -> isYamlName(file.getFileName().toString()) && Files.isRegularFile(file))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      // The folder went away while listed: the loader will say so, the fingerprint must differ.
      digest.update(("cannot list: " + e).getBytes(UTF_8));
      return List.of();
    }
  }

  private static void update(MessageDigest digest, Path file) {
    digest.update((file.getFileName() + "\0").getBytes(UTF_8));
    try {
      byte[] bytes = Files.readAllBytes(file);
      digest.update((bytes.length + "\0").getBytes(UTF_8));
      digest.update(bytes);
    } catch (IOException e) {
      // The loader says why the file cannot be read; the fingerprint only has to differ.
      digest.update(("cannot read: " + e).getBytes(UTF_8));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
