package dev.capstan.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The webhook's shared secret, compared in constant time and never printed. */
final class WebhookSecret {

  private static final String SIGNATURE_PREFIX = "sha256=";

  private final byte[] key;

  WebhookSecret(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret must not be empty");
    }
    this.key = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code header} is GitHub's {@code sha256=<hex HMAC-SHA256 of body>} for this key. */
  boolean signed(byte[] body, String header) {
    if (header == null || !header.startsWith(SIGNATURE_PREFIX)) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header, SIGNATURE_PREFIX.length(), header.length());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(body), given);
  }

  /** Whether {@code token} (GitLab's {@code X-Gitlab-Token}) is the secret itself. */
  boolean isToken(String token) {
    if (token == null) {
      return false;
    }
    // Digests first, so that the comparison does not reveal the secret's length either.
    byte[] given = sha256(token.getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(sha256(key), given);
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
    }
  }
}
