package dev.capstan.kube;

import dev.capstan.kube.ResourceReader.Outcome;
import dev.capstan.kube.crd.ApplicationResource;
import dev.capstan.kube.crd.EnvironmentResource;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the Application and Environment resources of every watched namespace into the one desired
 * state the controller enforces. Names are qualified by namespace ({@code ns/name}), the
 * controller's keys. An Environment whose resources are invalid keeps its last valid spec in force,
 * as an invalid edit does in file mode, and is reported with the loader's messages.
 */
final class DesiredStateAssembler {

  /**
   * One assembly.
   *
   * @param invalidEnvironments per Environment key, what is wrong with it or its Application
   * @param applications per Application key, null when valid, else its problems
   */
  record Assembly(
      DesiredState state,
      Map<String, String> invalidEnvironments,
      Map<String, String> applications) {}

  /** A spec that was valid, with the Application it deployed then. */
  private record Good(Environment environment, Application application, long generation) {}

  private final ResourceReader reader = new ResourceReader();
  private final Map<String, Good> lastGood = new HashMap<>();

  /** The desired state of these resources. Not thread-safe: one caller at a time. */
  synchronized Assembly assemble(
      Collection<ApplicationResource> applicationResources,
      Collection<EnvironmentResource> environmentResources) {
    Map<String, ApplicationResource> byKey = new HashMap<>();
    Map<String, String> applicationProblems = new TreeMap<>();
    for (ApplicationResource resource : applicationResources) {
      String key = Keys.of(resource);
      byKey.put(key, resource);
      Outcome<Application> read = reader.application(resource);
      applicationProblems.put(key, read.problems());
    }
    Map<String, Application> applications = new HashMap<>();
    Map<String, Environment> environments = new HashMap<>();
    Map<String, String> invalid = new TreeMap<>();
    Map<String, Good> seen = new HashMap<>();
    for (EnvironmentResource resource : environmentResources) {
      String key = Keys.of(resource);
      String applicationKey =
          Keys.qualify(
              resource.getMetadata().getNamespace(),
              resource.getSpec() == null ? null : resource.getSpec().application());
      String problems = applicationKey == null ? null : applicationProblems.get(applicationKey);
      Good good;
      if (problems != null) {
        invalid.put(key, "Application " + applicationKey + " is invalid:\n" + problems);
        good = lastGood.get(key);
      } else {
        Outcome<DesiredState> read = reader.environment(resource, byKey.get(applicationKey));
        if (read.problems() != null) {
          invalid.put(key, read.problems());
          good = lastGood.get(key);
        } else {
          good = qualified(resource, read.value());
        }
      }
      if (good != null) {
        seen.put(key, good);
        environments.put(key, good.environment());
        applications.putIfAbsent(good.environment().spec().application(), good.application());
      }
    }
    lastGood.clear();
    lastGood.putAll(seen);
    return new Assembly(new DesiredState(applications, environments), invalid, applicationProblems);
  }

  /**
   * The generation of the Environment resource whose spec is {@code environment}, as last
   * assembled; null when it is not the spec in force.
   */
  synchronized Long generationOf(Environment environment) {
    Good good = environment == null ? null : lastGood.get(environment.name());
    return good != null && good.environment().equals(environment) ? good.generation() : null;
  }

  /** The Environment and its Application from a valid read, named by their keys. */
  private static Good qualified(EnvironmentResource resource, DesiredState read) {
    String namespace = resource.getMetadata().getNamespace();
    Environment environment = read.environments().get(resource.getMetadata().getName());
    Application app = read.applicationOf(environment);
    String applicationKey = Keys.qualify(namespace, app.name());
    Environment qualified =
        new Environment(
            Keys.of(resource),
            environment.spec().withApplication(applicationKey),
            environment.baseDir());
    Long generation = resource.getMetadata().getGeneration();
    return new Good(
        qualified,
        new Application(applicationKey, app.spec(), app.baseDir()),
        generation == null ? 0 : generation);
  }
}
