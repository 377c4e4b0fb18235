package dev.capstan.release;

import dev.capstan.services.ServiceState;
import java.util.List;

/** One change the planner asks for on one host; the executor carries them out in phases. */
public sealed interface Action {

  /** A line for {@code capstan plan} and progress output. */
  String describe();

  /** Build a new release of the desired commit at {@code releases/<release>}. */
  record BuildRelease(String release, DesiredRelease desired) implements Action {
    @Override
    public String describe() {
      return "build release " + release + " (commit " + desired.shortCommit() + ")";
    }
  }

  /**
   * Point {@code current} at {@code release}, activate and check health.
   *
   * @param rollbackTo the complete release live before, to switch back to; null when none
   */
  record SwitchRelease(String release, String rollbackTo) implements Action {
    @Override
    public String describe() {
      return "switch current to "
          + release
          + (rollbackTo == null ? "" : " (from " + rollbackTo + ")");
    }
  }

  /** Link shared paths that went missing from the live release, then activate again. */
  record LinkShared(String release, List<String> paths) implements Action {
    public LinkShared {
      paths = List.copyOf(paths);
    }

    @Override
    public String describe() {
      return "relink shared " + String.join(", ", paths) + " in " + release;
    }
  }

  /**
   * Build the virtualenv of a complete release again: it lost its interpreter (the system Python
   * was upgraded) or its completion mark. Activates the release again when it is live.
   */
  record RepairVirtualenv(String release) implements Action {
    @Override
    public String describe() {
      return "rebuild the virtualenv of " + release;
    }
  }

  /**
   * Write config files into {@code shared/} whose content differs from the source's or is missing:
   * by path only, the content never appears in a plan.
   */
  record WriteConfigFiles(List<String> paths) implements Action {
    public WriteConfigFiles {
      paths = List.copyOf(paths);
    }

    @Override
    public String describe() {
      return "write config file" + (paths.size() == 1 ? " " : "s ") + String.join(", ", paths);
    }
  }

  /**
   * Make the live release's services run as planned again: start those Down, restart those Stale
   * or, after config files were written, every one.
   *
   * @param services those not Running, or all when {@code configChanged}
   */
  record CorrectServices(String release, List<ServiceState> services, boolean configChanged)
      implements Action {
    public CorrectServices {
      services = List.copyOf(services);
    }

    public List<String> names() {
      return services.stream().map(ServiceState::name).toList();
    }

    @Override
    public String describe() {
      List<String> each =
          services.stream()
              .map(
                  s ->
                      (s.state() == ServiceState.State.DOWN ? "start " : "restart ")
                          + s.name()
                          + " ("
                          + (s.running() ? "config files changed" : s.detail())
                          + ")")
              .toList();
      return String.join(", ", each) + " on " + release;
    }
  }

  /** Delete a release folder under {@code releases/}. */
  record RemoveRelease(String release, Why why) implements Action {
    @Override
    public String describe() {
      return "remove release " + release + " (" + why.text + ")";
    }
  }

  /** Why a release is removed. */
  enum Why {
    ABANDONED("half-built and abandoned", false),
    FAILED("failed", false),
    FAILED_ELSEWHERE("failed on another host of the Environment", true),
    NEVER_LIVE("built but never live here", true),
    RETENTION("beyond keepReleases", true);

    final String text;
    private final boolean complete;

    Why(String text, boolean complete) {
      this.text = text;
      this.complete = complete;
    }

    /**
     * Whether it removes a complete release: done only after a pass that switched every host, so a
     * pass that stopped halfway never removes what a host may still switch back to.
     */
    public boolean removesComplete() {
      return complete;
    }
  }
}
