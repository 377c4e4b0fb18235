package dev.capstan.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a ServiceAccount may do according to the rendered Roles, ClusterRoles and their bindings:
 * every rule expanded into {@link Grant}s. Anything that cannot be expanded to a finite, named set
 * (a wildcard, a non-resource URL, a binding to a role that is not rendered) fails, since this
 * chart must never grant it.
 */
final class ServiceAccountPermissions {

  private ServiceAccountPermissions() {}

  /** The grants of {@code serviceAccount} (in {@code namespace}) across the rendered chart. */
  static Set<Grant> of(RenderedChart chart, String namespace, String serviceAccount) {
    Set<Grant> grants = new HashSet<>();
    for (JsonNode binding : bindings(chart)) {
      if (bindsTo(binding, namespace, serviceAccount)) {
        boolean clusterWide = binding.path("kind").asText().equals("ClusterRoleBinding");
        String scope = clusterWide ? Grant.CLUSTER : namespaceOf(binding);
        grants.addAll(expand(scope, roleOf(chart, binding)));
      }
    }
    return grants;
  }

  /** Every Role and ClusterRole that no binding uses: a sign of a template mistake. */
  static List<String> unboundRoles(RenderedChart chart) {
    List<String> unbound = new ArrayList<>();
    for (String kind : List.of("Role", "ClusterRole")) {
      for (JsonNode role : chart.ofKind(kind)) {
        boolean bound = bindings(chart).stream().anyMatch(b -> refersTo(b, role));
        if (!bound) {
          unbound.add(kind + " " + namespaceOf(role) + "/" + role.path("metadata").path("name"));
        }
      }
    }
    return unbound;
  }

  private static List<JsonNode> bindings(RenderedChart chart) {
    List<JsonNode> bindings = new ArrayList<>(chart.ofKind("RoleBinding"));
    bindings.addAll(chart.ofKind("ClusterRoleBinding"));
    return bindings;
  }

  private static boolean bindsTo(JsonNode binding, String namespace, String serviceAccount) {
    for (JsonNode subject : binding.path("subjects")) {
      if (subject.path("kind").asText().equals("ServiceAccount")
          && subject.path("name").asText().equals(serviceAccount)
          && subject.path("namespace").asText().equals(namespace)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode roleOf(RenderedChart chart, JsonNode binding) {
    return chart.all().stream()
        .filter(role -> refersTo(binding, role))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "binding "
                        + binding.path("metadata")
                        + " refers to a role the chart does not render: "
                        + binding.path("roleRef")));
  }

  private static boolean refersTo(JsonNode binding, JsonNode role) {
    JsonNode ref = binding.path("roleRef");
    String kind = ref.path("kind").asText();
    if (!role.path("kind").asText().equals(kind)
        || !ref.path("apiGroup").asText().equals("rbac.authorization.k8s.io")
        || !role.path("metadata").path("name").asText().equals(ref.path("name").asText())) {
      return false;
    }
    // A RoleBinding's Role lives in the binding's namespace; a ClusterRole has none.
    return kind.equals("ClusterRole") || namespaceOf(role).equals(namespaceOf(binding));
  }

  private static Set<Grant> expand(String scope, JsonNode role) {
    Set<Grant> grants = new HashSet<>();
    if (role.has("aggregationRule")) {
      throw new AssertionError("aggregated roles grant what others add: " + role.path("metadata"));
    }
    for (JsonNode rule : role.path("rules")) {
      if (rule.has("nonResourceURLs")) {
        throw new AssertionError("non-resource URLs granted: " + rule);
      }
      for (String group : strings(rule, "apiGroups")) {
        for (String resource : strings(rule, "resources")) {
          for (String verb : strings(rule, "verbs")) {
            List<String> names = strings(rule, "resourceNames");
            if (names.isEmpty()) {
              grants.add(new Grant(scope, group, resource, verb, null));
            }
            names.forEach(name -> grants.add(new Grant(scope, group, resource, verb, name)));
          }
        }
      }
    }
    return grants;
  }

  private static List<String> strings(JsonNode rule, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : rule.path(field)) {
      if (value.asText().contains("*")) {
        throw new AssertionError("wildcard in " + field + ": " + rule);
      }
      values.add(value.asText());
    }
    return values;
  }

  private static String namespaceOf(JsonNode manifest) {
    return manifest.path("metadata").path("namespace").asText();
  }
}
