package dev.capstan.release;

import java.util.List;
import java.util.Optional;

/**
 * What one host needs to run the desired release, in order.
 *
 * @param target the release that will be live when the plan is carried out
 */
public record HostPlan(String host, DesiredRelease desired, String target, List<Action> actions) {

  public HostPlan {
    actions = List.copyOf(actions);
  }

  public boolean inSync() {
    return actions.isEmpty();
  }

  public Optional<Action.BuildRelease> build() {
    return first(Action.BuildRelease.class);
  }

  public Optional<Action.RepairVirtualenv> repairVirtualenv() {
    return first(Action.RepairVirtualenv.class);
  }

  public Optional<Action.SwitchRelease> switchRelease() {
    return first(Action.SwitchRelease.class);
  }

  public Optional<Action.LinkShared> linkShared() {
    return first(Action.LinkShared.class);
  }

  public Optional<Action.WriteConfigFiles> writeConfigFiles() {
    return first(Action.WriteConfigFiles.class);
  }

  public Optional<Action.CorrectServices> correctServices() {
    return first(Action.CorrectServices.class);
  }

  public List<Action.RemoveRelease> removals() {
    return actions.stream()
        .filter(Action.RemoveRelease.class::isInstance)
        .map(Action.RemoveRelease.class::cast)
        .toList();
  }

  private <T extends Action> Optional<T> first(Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).findFirst();
  }
}
