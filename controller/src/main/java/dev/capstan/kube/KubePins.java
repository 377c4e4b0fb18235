package dev.capstan.kube;

import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.kube.crd.EnvironmentResourceSpec;
import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import dev.capstan.reconcile.Pins;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@link Pins} in Kubernetes mode: the Environment resource's {@code spec.pin} and {@code
 * spec.veto}, changed by an edit (read, change, replace with the resource version read, so a
 * concurrent change is retried rather than lost). The controller sees it as any spec change.
 */
public final class KubePins implements Pins, AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final boolean ownsClient;

  KubePins(KubernetesClient client, String namespace, boolean ownsClient) {
    this.client = client;
    this.namespace = namespace != null ? namespace : client.getNamespace();
    this.ownsClient = ownsClient;
  }

  /** Connects with the kubeconfig or the in-cluster service account. */
  public static KubePins connect(String namespace) {
    return new KubePins(new KubernetesClientBuilder().build(), namespace, true);
  }

  @Override
  public void pin(String environment, String commit, String reason, String setBy)
      throws PinsException {
    edit(environment, spec -> spec.withPin(new EnvironmentResourceSpec.Pin(commit, reason, setBy)));
  }

  @Override
  public boolean unpin(String environment) throws PinsException {
    if (spec(environment).pin() == null) {
      return false;
    }
    edit(environment, spec -> spec.withPin(null));
    return true;
  }

  @Override
  public void veto(String environment, String commit, String reason) throws PinsException {
    // The resource's veto is a list of commits, as in YAML: the reason is not kept there.
    edit(
        environment,
        spec -> {
          List<String> vetoes = new ArrayList<>(spec.veto() == null ? List.of() : spec.veto());
          vetoes.removeIf(v -> v.equalsIgnoreCase(commit));
          vetoes.add(commit.toLowerCase(Locale.ROOT));
          return spec.withVeto(vetoes);
        });
  }

  @Override
  public boolean unveto(String environment, String commit) throws PinsException {
    List<String> vetoes = spec(environment).veto();
    if (vetoes == null || vetoes.stream().noneMatch(v -> matches(v, commit))) {
      return false;
    }
    edit(
        environment,
        spec ->
            spec.withVeto(
                spec.veto() == null
                    ? null
                    : spec.veto().stream().filter(v -> !matches(v, commit)).toList()));
    return true;
  }

  @Override
  public PinState read(String environment) throws PinsException {
    EnvironmentResourceSpec spec = spec(environment);
    EnvironmentResourceSpec.Pin pin = spec.pin();
    return new PinState(
        pin == null ? null : new Pin(pin.commit(), pin.reason(), pin.setBy()),
        spec.veto() == null
            ? List.of()
            : spec.veto().stream().map(v -> new Veto(v, null)).toList());
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  private static boolean matches(String veto, String commit) {
    return new Veto(veto, null).sameCommit(commit);
  }

  private EnvironmentResourceSpec spec(String environment) throws PinsException {
    try {
      EnvironmentResource resource = resource(environment).get();
      if (resource == null) {
        throw notFound(environment);
      }
      return resource.getSpec();
    } catch (KubernetesClientException e) {
      throw new PinsException(
          "cannot read Environment " + namespace + "/" + environment + ": " + e.getMessage(), e);
    }
  }

  private void edit(String environment, UnaryOperator<EnvironmentResourceSpec> change)
      throws PinsException {
    spec(environment);
    try {
      resource(environment)
          .edit(
              resource -> {
                resource.setSpec(change.apply(resource.getSpec()));
                return resource;
              });
    } catch (KubernetesClientException e) {
      throw new PinsException(
          "cannot change Environment " + namespace + "/" + environment + ": " + e.getMessage(), e);
    }
  }

  private PinsException notFound(String environment) {
    return new PinsException("no Environment named \"" + environment + "\" in " + namespace);
  }

  private Resource<EnvironmentResource> resource(String environment) {
    return client.resources(EnvironmentResource.class).inNamespace(namespace).withName(environment);
  }
}
