package dev.capstan.chart;

import java.util.HashSet;
import java.util.Set;

/**
 * One permission as RBAC grants it: in a scope (a namespace, or {@link #CLUSTER}), a verb on a
 * resource of an API group, optionally limited to one object name.
 */
record Grant(String scope, String apiGroup, String resource, String verb, String resourceName) {

  static final String CLUSTER = "<cluster>";

  /** Every combination of the given resources and verbs, not limited to names. */
  static Set<Grant> all(String scope, String apiGroup, Set<String> resources, Set<String> verbs) {
    Set<Grant> grants = new HashSet<>();
    for (String resource : resources) {
      for (String verb : verbs) {
        grants.add(new Grant(scope, apiGroup, resource, verb, null));
      }
    }
    return grants;
  }

  /** What the controller needs to reconcile the resources of one scope, and nothing more. */
  static Set<Grant> reconcile(String scope) {
    Set<Grant> grants = new HashSet<>();
    grants.addAll(
        all(
            scope,
            "capstan.dev",
            Set.of("applications", "environments"),
            Set.of("get", "list", "watch")));
    grants.addAll(
        all(
            scope,
            "capstan.dev",
            Set.of("applications/status", "environments/status"),
            Set.of("patch")));
    grants.addAll(all(scope, "", Set.of("secrets"), Set.of("get")));
    grants.addAll(all(scope, "", Set.of("events"), Set.of("create", "patch")));
    return grants;
  }

  /** Reads like {@code team-a: patch events.} or {@code <cluster>: get leases.x/name}. */
  @Override
  public String toString() {
    String group = apiGroup.isEmpty() ? "" : "." + apiGroup;
    String name = resourceName == null ? "" : "/" + resourceName;
    return scope + ": " + verb + " " + resource + group + name;
  }

  /**
   * What leader election needs: create any Lease (RBAC cannot name what does not exist yet); get,
   * update and patch the named one (fabric8 7.8's LeaseLock renews with a merge patch).
   */
  static Set<Grant> leaderElection(String namespace, String leaseName) {
    return Set.of(
        new Grant(namespace, "coordination.k8s.io", "leases", "create", null),
        new Grant(namespace, "coordination.k8s.io", "leases", "get", leaseName),
        new Grant(namespace, "coordination.k8s.io", "leases", "update", leaseName),
        new Grant(namespace, "coordination.k8s.io", "leases", "patch", leaseName));
  }
}
