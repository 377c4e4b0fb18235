package dev.capstan.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as short hex names: recipes, service definitions, config file contents. */
public final class Digests {

  private Digests() {}

  /** The first {@code bytes} bytes of the SHA-256 of {@code text} (UTF-8), in hex. */
  public static String sha256Hex(String text, int bytes) {
    return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
  }

  /** The whole SHA-256 of {@code content}, in hex: what {@code sha256sum} prints. */
  public static String sha256Hex(byte[] content) {
    return HexFormat.of().formatHex(sha256(content));
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
