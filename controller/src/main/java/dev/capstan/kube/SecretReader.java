package dev.capstan.kube;

import dev.capstan.model.SecretSource.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Secrets that specs name, by name only (the controller may {@code get} Secrets, never
 * list or watch them), into {@link SecretFiles}; remembers the resourceVersion it saw of each so
 * that {@link SecretWatch} can tell when one changed.
 */
final class SecretReader {

  /** The version recorded for a Secret that does not exist. */
  static final String ABSENT = "";

  private final KubernetesClient client;
  private final SecretFiles files;
  private final Map<String, String> versions = new ConcurrentHashMap<>();
  private final StalledSecrets stalled = new StalledSecrets();

  SecretReader(KubernetesClient client, SecretFiles files) {
    this.client = client;
    this.files = files;
  }

  /** What its readers found that no retry fixes, for status. */
  StalledSecrets stalled() {
    return stalled;
  }

  /**
   * A Secret that cannot be used, with a message naming it, its key and the field; {@link #stalled}
   * when only a change of the Secret (or of the spec) can fix it, false when reading it failed (the
   * API server away) and a retry may do.
   */
  static final class SecretException extends Exception {
    private final boolean stalled;

    SecretException(String message) {
      this(message, true);
    }

    SecretException(String message, boolean stalled) {
      super(message);
      this.stalled = stalled;
    }

    boolean stalled() {
      return stalled;
    }
  }

  /**
   * The file holding the referenced key.
   *
   * @param field where the reference was written, like {@code spec.ssh.privateKey}
   */
  Path file(String namespace, SecretRef ref, String field) throws SecretException {
    Value value = value(namespace, ref, field);
    try {
      return files.write(namespace, ref.name(), value.key(), value.bytes());
    } catch (IOException e) {
      throw new SecretException(
          field
              + ".secretRef: key \""
              + value.key()
              + "\" of Secret \""
              + ref.name()
              + "\" cannot be written to a file: "
              + e.getClass().getSimpleName());
    }
  }

  /**
   * The referenced key's content, for callers that hand it on without a file. Secret: never log it
   * nor put it in a message.
   *
   * @param field where the reference was written, like {@code spec.configFiles[.env].source}
   */
  byte[] bytes(String namespace, SecretRef ref, String field) throws SecretException {
    return value(namespace, ref, field).bytes();
  }

  /** One key of a Secret and its decoded content. */
  private record Value(String key, byte[] bytes) {}

  private Value value(String namespace, SecretRef ref, String field) throws SecretException {
    Secret secret = get(namespace, ref.name(), field);
    if (secret == null) {
      throw new SecretException(
          field
              + ".secretRef: Secret \""
              + ref.name()
              + "\" not found in namespace \""
              + namespace
              + "\"");
    }
    Map<String, String> data =
        new TreeMap<>(secret.getData() == null ? Map.of() : secret.getData());
    String key = ref.key() != null ? ref.key() : onlyKey(namespace, ref.name(), data, field);
    String encoded = data.get(key);
    if (encoded == null) {
      throw new SecretException(
          field
              + ".secretRef: Secret \""
              + ref.name()
              + "\" in namespace \""
              + namespace
              + "\" has no key \""
              + key
              + "\" (its keys: "
              + String.join(", ", data.keySet())
              + ")");
    }
    try {
      return new Value(key, Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException e) {
      // Only the exception's type: its message may quote the data.
      throw new SecretException(
          field
              + ".secretRef: key \""
              + key
              + "\" of Secret \""
              + ref.name()
              + "\" is not base64: "
              + e.getClass().getSimpleName());
    }
  }

  /** Reads the Secret's resourceVersion now (or that it is absent) and records it. */
  void refresh(String namespace, String name) throws SecretException {
    get(namespace, name, "Secret");
  }

  /** The version last recorded, null when never seen. */
  String version(String namespace, String name) {
    return versions.get(namespace + "/" + name);
  }

  private Secret get(String namespace, String name, String field) throws SecretException {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException | IllegalStateException e) {
      // IllegalStateException: the client was closed (the controller is stopping).
      throw new SecretException(
          field
              + ".secretRef: cannot read Secret \""
              + name
              + "\" in namespace \""
              + namespace
              + "\": "
              + e.getMessage(),
          false);
    }
    versions.put(
        namespace + "/" + name,
        secret == null ? ABSENT : secret.getMetadata().getResourceVersion());
    return secret;
  }

  private static String onlyKey(
      String namespace, String name, Map<String, String> data, String field)
      throws SecretException {
    if (data.size() != 1) {
      throw new SecretException(
          field
              + ".secretRef: Secret \""
              + name
              + "\" in namespace \""
              + namespace
              + "\" holds "
              + data.size()
              + " keys ("
              + String.join(", ", data.keySet())
              + "); name one with secretRef.key");
    }
    return data.keySet().iterator().next();
  }
}
