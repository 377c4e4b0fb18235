package dev.capstan.model;

import dev.capstan.model.SecretSource.SecretRef;
import java.util.Optional;
import java.util.Set;

/** Reads a {@link SecretSource}: exactly one of {@code file} or {@code secretRef: {name, key}}. */
final class SecretSources {

  private static final Set<String> FIELDS = Set.of("file", "secretRef");
  private static final Set<String> REF_FIELDS = Set.of("name", "key");

  private SecretSources() {}

  /** The secret under {@code key}; {@code fallback} when absent, null when wrong. */
  static SecretSource read(MapReader parent, String key, SecretSource fallback) {
    if (!parent.has(key)) {
      return fallback;
    }
    Optional<MapReader> secret = parent.mapping(key);
    return secret.map(SecretSources::read).orElse(null);
  }

  private static SecretSource read(MapReader secret) {
    return read(secret, Set.of());
  }

  /** A secret whose mapping may hold {@code alsoAllowed} fields besides its own. */
  static SecretSource read(MapReader secret, Set<String> alsoAllowed) {
    Set<String> allowed = new java.util.HashSet<>(FIELDS);
    allowed.addAll(alsoAllowed);
    secret.allowOnly(allowed);
    boolean hasFile = secret.has("file");
    boolean hasRef = secret.has("secretRef");
    if (hasFile && hasRef) {
      secret.report("must set exactly one of file or secretRef, not both");
      return null;
    }
    if (!hasFile && !hasRef) {
      secret.report("must set one of file or secretRef");
      return null;
    }
    if (hasFile) {
      return SecretSource.ofFile(secret.requiredString("file", TextRules::nonEmptyVisible));
    }
    return secret.mapping("secretRef").map(SecretSources::ref).orElse(null);
  }

  static SecretSource ref(MapReader ref) {
    ref.allowOnly(REF_FIELDS);
    String name = ref.requiredString("name", ResourceNames::subdomain);
    String key = ref.string("key", null, ResourceNames::secretKey);
    return new SecretSource(null, new SecretRef(name, key));
  }
}
