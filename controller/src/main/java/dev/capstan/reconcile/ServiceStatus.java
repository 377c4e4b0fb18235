package dev.capstan.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.capstan.services.ServiceState;
import java.util.List;

/**
 * One service on one host in status: {@code {name, state: Running|Stale|Down, release, pids}}, and
 * why it is not Running.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceStatus(
    String name, String state, String release, List<Long> pids, String detail) {

  public ServiceStatus {
    pids = pids == null ? List.of() : List.copyOf(pids);
  }

  static List<ServiceStatus> of(List<ServiceState> states) {
    return states.stream()
        .map(
            s ->
                new ServiceStatus(s.name(), s.state().display(), s.release(), s.pids(), s.detail()))
        .toList();
  }
}
