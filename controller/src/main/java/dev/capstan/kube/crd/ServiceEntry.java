package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** One service on a host in an Environment's status: services' {@code ServiceState}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceEntry(
    @Required @JsonPropertyDescription("The service, as the Application's services name it.")
        String name,
    @Required
        @JsonPropertyDescription(
            "Running (every process runs the live release), Stale (some runs another release)"
                + " or Down (not every process runs).")
        State state,
    @JsonPropertyDescription(
            "The release its processes run; when Stale, the other one; absent when Down.")
        String release,
    @JsonPropertyDescription("Its processes: the supervisor's children and their descendants.")
        List<Long> pids) {

  /** What a service is, as status shows it. */
  public enum State {
    Running,
    Stale,
    Down
  }
}
