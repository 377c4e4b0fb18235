package dev.capstan.kube;

import dev.capstan.kube.crd.ApplicationResource;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.model.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads custom resources with the loader file mode uses, so both modes validate alike: a resource
 * becomes the YAML document a user would have written (apiVersion, kind, metadata.name, spec) and
 * {@link DesiredStateLoader#parse} reads it as the nominal file {@code
 * <namespace>/<plural>/<name>}.
 *
 * <p>Problems read {@code field.path: message}: what {@code capstan validate} prints after its
 * {@code FILE:LINE:COL:} (lines of the generated text would mean nothing to the user).
 */
final class ResourceReader {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /** A resource read: a value, or what is wrong with it. */
  record Outcome<T>(T value, String problems) {
    static <T> Outcome<T> valid(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> invalid(String problems) {
      return new Outcome<>(null, problems);
    }
  }

  /** An Application, named as the loader names it (without its namespace). */
  Outcome<Application> application(ApplicationResource resource) {
    try {
      DesiredState state =
          DesiredStateLoader.parse(
              nominalFile(resource, "applications"), yaml(resource, resource.getSpec()));
      return Outcome.valid(state.applications().get(resource.getMetadata().getName()));
    } catch (InvalidDesiredStateException e) {
      return Outcome.invalid(messages(e));
    }
  }

  /**
   * An Environment read together with its Application's resource (null when there is none in its
   * namespace, which the loader reports as it would for a file): the two, unqualified names.
   */
  Outcome<DesiredState> environment(EnvironmentResource resource, ApplicationResource application) {
    String text = yaml(resource, resource.getSpec());
    if (application != null) {
      text = text + "---\n" + yaml(application, application.getSpec());
    }
    try {
      return Outcome.valid(DesiredStateLoader.parse(nominalFile(resource, "environments"), text));
    } catch (InvalidDesiredStateException e) {
      return Outcome.invalid(messages(e));
    }
  }

  /** The YAML document of a resource: what {@code kubectl apply} was given, less the noise. */
  String yaml(HasMetadata resource, Object spec) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", resource.getApiVersion());
    document.put("kind", resource.getKind());
    document.put("metadata", Map.of("name", resource.getMetadata().getName()));
    document.put("spec", spec);
    String text = serialization.asYaml(document);
    return text.startsWith("---") ? text.substring(text.indexOf('\n') + 1) : text;
  }

  private static Path nominalFile(HasMetadata resource, String plural) {
    return Path.of(resource.getMetadata().getNamespace(), plural, resource.getMetadata().getName());
  }

  private static String messages(InvalidDesiredStateException e) {
    return e.problems().stream().map(ResourceReader::message).collect(Collectors.joining("\n"));
  }

  private static String message(Problem problem) {
    return problem.field() == null ? problem.message() : problem.field() + ": " + problem.message();
  }
}
