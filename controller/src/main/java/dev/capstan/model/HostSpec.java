package dev.capstan.model;

import java.util.List;
import java.util.Map;

/**
 * One entry of an Environment's {@code hosts}: a plain address, or the object form {@code {host,
 * roles, env}}.
 *
 * @param env added to the Application's env on this host (after it, so it wins)
 */
public record HostSpec(HostAddress address, List<String> roles, Map<String, String> env) {

  public HostSpec {
    roles = List.copyOf(roles);
    env = EnvMaps.copy(env);
  }

  /** A host written as a plain string: no roles, no env of its own. */
  public static HostSpec of(HostAddress address) {
    return new HostSpec(address, List.of(), Map.of());
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
