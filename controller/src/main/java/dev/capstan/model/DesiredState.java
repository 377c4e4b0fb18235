package dev.capstan.model;

import java.util.Map;
import java.util.TreeMap;

/** Every Application and Environment the controller should enforce, keyed by name. */
public record DesiredState(
    Map<String, Application> applications, Map<String, Environment> environments) {

  public static final DesiredState EMPTY = new DesiredState(Map.of(), Map.of());

  public DesiredState {
    applications = Map.copyOf(applications);
    environments = Map.copyOf(environments);
  }

  /** The Application an Environment deploys; validation guarantees it exists. */
  public Application applicationOf(Environment environment) {
    Application app = applications.get(environment.spec().application());
    if (app == null) {
      throw new IllegalStateException(
          "environment "
              + environment.name()
              + " names unknown application "
              + environment.spec().application());
    }
    return app;
  }

  /** Environments sorted by name, for stable output. */
  public Map<String, Environment> sortedEnvironments() {
    return new TreeMap<>(environments);
  }
}
