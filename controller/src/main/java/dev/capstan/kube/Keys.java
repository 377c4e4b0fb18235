package dev.capstan.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The controller's keys in Kubernetes mode: {@code namespace/name}. */
final class Keys {

  private Keys() {}

  static String of(HasMetadata resource) {
    return qualify(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  /** {@code namespace/name}; null when there is no name. */
  static String qualify(String namespace, String name) {
    return name == null ? null : namespace + "/" + name;
  }

  static String namespace(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
