package dev.capstan.kube;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Secrets the kube tests create, as {@code kubectl create secret generic} would: Opaque. */
final class TestSecrets {

  private TestSecrets() {}

  /** Creates the Secret {@code namespace/name} holding {@code text}: each value as UTF-8. */
  static void create(
      KubernetesClient client, String namespace, String name, Map<String, String> text) {
    createData(client, namespace, name, data(text));
  }

  /** Creates the Secret {@code namespace/name} holding {@code bytes}. */
  static void createBytes(
      KubernetesClient client, String namespace, String name, Map<String, byte[]> bytes) {
    Map<String, String> data = new LinkedHashMap<>();
    bytes.forEach((key, value) -> data.put(key, base64(value)));
    createData(client, namespace, name, data);
  }

  /** A Secret's {@code data} for {@code text}: each value's UTF-8 bytes in base64. */
  static Map<String, String> data(Map<String, String> text) {
    Map<String, String> data = new LinkedHashMap<>();
    text.forEach((key, value) -> data.put(key, base64(value)));
    return data;
  }

  static String base64(String text) {
    return base64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static void createData(
      KubernetesClient client, String namespace, String name, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build())
        .create();
  }
}
