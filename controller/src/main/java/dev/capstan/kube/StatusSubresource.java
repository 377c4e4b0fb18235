package dev.capstan.kube;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a custom resource's status through its status subresource only (a patch; the spec is never
 * touched). Status is a report, not state the controller depends on: a failed write is logged and
 * the next change writes it again.
 */
final class StatusSubresource {

  private static final Logger LOG = LoggerFactory.getLogger(StatusSubresource.class);

  private StatusSubresource() {}

  /** True when the status was written. */
  static <S, R extends CustomResource<?, S>> boolean write(
      KubernetesClient client, Class<R> type, String key, S status) {
    try {
      client
          .resources(type)
          .inNamespace(Keys.namespace(key))
          .withName(Keys.name(key))
          .editStatus(
              latest -> {
                latest.setStatus(status);
                return latest;
              });
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("cannot write the status of {} {}: {}", type.getSimpleName(), key, e.getMessage());
      return false;
    }
  }
}
