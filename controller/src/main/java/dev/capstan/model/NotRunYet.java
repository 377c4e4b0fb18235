package dev.capstan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields this version reads and checks but does not act on yet (the app's runtime: services,
 * env, config files; hosts' roles and env), so that a desired state using them is told so instead
 * of deploying as if they were honoured.
 */
public final class NotRunYet {

  private NotRunYet() {}

  /** One line per Application or Environment that sets such a field; empty when none does. */
  public static List<String> notices(DesiredState state) {
    List<String> notices = new ArrayList<>();
    for (Map.Entry<String, Application> app : state.applications().entrySet()) {
      List<String> fields = runtimeFields(app.getValue().spec().runtime());
      if (!fields.isEmpty()) {
        notices.add(
            "Application "
                + app.getKey()
                + ": "
                + String.join(", ", fields)
                + " checked but not run yet by this version of Capstan (use activate steps)");
      }
    }
    for (Map.Entry<String, Environment> env : state.environments().entrySet()) {
      boolean perHost =
          env.getValue().spec().hostSpecs().stream()
              .anyMatch(h -> !h.roles().isEmpty() || !h.env().isEmpty());
      if (perHost) {
        notices.add(
            "Environment "
                + env.getKey()
                + ": hosts' roles and env checked but not run yet by this version of Capstan");
      }
    }
    return notices;
  }

  private static List<String> runtimeFields(RuntimeSpec runtime) {
    List<String> fields = new ArrayList<>();
    if (!runtime.env().isEmpty()) {
      fields.add("env");
    }
    if (!runtime.envFiles().isEmpty()) {
      fields.add("envFiles");
    }
    if (!runtime.configFiles().isEmpty()) {
      fields.add("configFiles");
    }
    if (!runtime.services().isEmpty()) {
      fields.add("services");
    }
    if (!runtime.beforeSwitch().isEmpty()) {
      fields.add("beforeSwitch");
    }
    return fields;
  }
}
