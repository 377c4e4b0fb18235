package dev.capstan.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an Application's processes run with and which of them Capstan runs: the {@code env}, {@code
 * envFiles}, {@code configFiles}, {@code services}, {@code supervisor} and {@code beforeSwitch}
 * fields of its spec.
 *
 * @param services in the order written
 */
public record RuntimeSpec(
    Map<String, String> env,
    List<String> envFiles,
    List<ConfigFileSpec> configFiles,
    List<ServiceSpec> services,
    Supervisor supervisor,
    List<String> beforeSwitch) {

  /** An Application that sets none of these fields. */
  public static final RuntimeSpec NONE =
      new RuntimeSpec(Map.of(), List.of(), List.of(), List.of(), Supervisor.AUTO, List.of());

  public RuntimeSpec {
    env = EnvMaps.copy(env);
    envFiles = List.copyOf(envFiles);
    configFiles = List.copyOf(configFiles);
    services = List.copyOf(services);
    beforeSwitch = List.copyOf(beforeSwitch);
  }

  public Optional<ServiceSpec> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
