package dev.capstan.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** What the backup tests share. */
final class Testing {

  private Testing() {}

  /**
   * Writes {@code file}'s present digest into {@code sidecar}: a corrupt file passing that check.
   */
  static void rewriteDigest(Path sidecar, Path file) throws Exception {
    String digest =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    Files.writeString(
        sidecar,
        Files.readString(sidecar)
            .replaceAll("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":\"" + digest + "\""));
  }
}
