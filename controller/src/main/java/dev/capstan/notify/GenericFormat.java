package dev.capstan.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Capstan's own JSON body: every field of the notification, null ones included, so receivers can
 * rely on the keys. Signed by {@link #signature} when the target has a secret.
 */
public final class GenericFormat implements NotificationFormat {

  /** The header that carries {@code sha256=<hex HMAC-SHA256 of the exact body>}. */
  public static final String SIGNATURE_HEADER = "X-Capstan-Signature";

  @Override
  public String body(Notification n) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("environment", n.environment());
    body.put("event", n.event().name());
    body.put("revision", n.revision());
    body.put("commit", n.commit());
    body.put("commitSubject", n.commitSubject());
    body.put("hosts", n.hosts());
    body.put("reason", n.reason());
    body.put("time", n.time().toString());
    return Json.write(body);
  }

  /** {@code sha256=<hex>} of the body's UTF-8 bytes keyed with {@code secret}. */
  public static String signature(String body, byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] digest = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
