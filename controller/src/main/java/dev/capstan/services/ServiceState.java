package dev.capstan.services;

import java.util.List;

/**
 * What one service is on a host: DESIGN.md's {@code services: [{name, state, release, pids}]}.
 *
 * @param release the release its processes run; when Stale, the other one; null when Down
 * @param pids every process of the service: supervisor's children and their descendants
 * @param detail why it is Stale or Down, in words; null when Running
 * @param mainPids the supervisor's own children among {@code pids} (a gunicorn master, a worker):
 *     one that is gone by the next observation exited or was replaced outside Capstan
 */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ServiceState(
    String name, State state, String release, List<Long> pids, String detail, List<Long> mainPids) {

  public ServiceState {
    pids = pids == null ? List.of() : List.copyOf(pids);
    mainPids = mainPids == null ? List.of() : List.copyOf(mainPids);
  }

  public ServiceState(String name, State state, String release, List<Long> pids, String detail) {
    this(name, state, release, pids, detail, List.of());
  }

  public ServiceState(String name, State state, String release, List<Long> pids) {
    this(name, state, release, pids, null);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean running() {
    return state == State.RUNNING;
  }

  public enum State {
    /** Every process runs, each with the live release. */
    RUNNING("Running"),
    /** Some process runs another release than the live one (or none that it says). */
    STALE("Stale"),
    /** Not every process of the service runs. */
    DOWN("Down");

    private final String display;

    State(String display) {
      this.display = display;
    }

    /** As status shows it. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String display() {
      return display;
    }

    /** The state status showed, or null when it names none. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static State fromDisplay(String text) {
      for (State state : values()) {
        if (state.display.equals(text)) {
          return state;
        }
      }
      return null;
    }
  }
}
